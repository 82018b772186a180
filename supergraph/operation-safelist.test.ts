import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSafelist, manifestOf, operationHash, safelistQueryStore } from './operation-safelist.js';

describe('operation safelist', () => {
  it('when a manifest entry does not hash to its text, then the router refuses to load it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safelist-'));
    const file = path.join(dir, 'safelist.json');
    writeFileSync(file, JSON.stringify({ operations: { [operationHash('{ categories }')]: '{ stores { id } }' } }));
    expect(() => loadSafelist(file)).toThrow(/does not hash to its text/);
    writeFileSync(file, JSON.stringify(manifestOf(['{ categories }'])));
    expect([...loadSafelist(file).values()]).toEqual(['{ categories }']);
  });

  it('when a registered operation is asked for by its hash, then the safelist answers it as a persisted query; an unknown hash is a miss and nothing is stored', async () => {
    const store = safelistQueryStore(new Map([[operationHash('{ categories }'), '{ categories }']]));
    expect(await store.get(`apq:${operationHash('{ categories }')}`)).toBe('{ categories }');
    await store.set();
    expect(await store.get(`apq:${operationHash('{ stores { id } }')}`)).toBeUndefined();
  });
});
