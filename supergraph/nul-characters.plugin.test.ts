import { describe, expect, it } from 'vitest';
import { holdsNulCharacter } from './nul-characters.plugin.js';

describe('NUL characters in variables', () => {
  it('when a string at any depth holds U+0000, then it is found; other text is not', () => {
    expect(holdsNulCharacter({ i: { lines: [{ productId: 'a\u0000' }] } })).toBe(true);
    expect(holdsNulCharacter({ i: { lines: [{ productId: 'a', quantity: 1 }], note: null } })).toBe(false);
  });

  it('when the value nests a hundred thousand levels, then the walk does not overflow the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(holdsNulCharacter(deep)).toBe(true);
  });
});
