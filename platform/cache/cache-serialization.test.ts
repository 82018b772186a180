import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from './query-cache.js';

describe('cached values', () => {
  it('when a value with Dates at any depth is stored and read back, then it comes back equal, with Dates as Dates', () => {
    const at = new Date('2026-11-30T12:34:56.789Z');
    const value = { page: { items: [{ id: 'a', updatedAt: at, tags: ['x', null] }], total: 1 }, when: at, list: [at, 1, 'two', true, null] };
    const back = deserialize<typeof value>(serialize(value));
    expect(back).toEqual(value);
    expect(back.page.items[0]!.updatedAt).toBeInstanceOf(Date);
    expect(back.list[0]).toBeInstanceOf(Date);
  });

  it('when an object only looks like a stored Date (more keys than $date), then it stays an object', () => {
    const value = { note: { $date: '2026-11-30T00:00:00.000Z', by: 'someone' }, text: '{"$date":"x"}' };
    expect(deserialize(serialize(value))).toEqual(value);
  });
});
