import { describe, expect, it } from 'vitest';
import type { Location, StockKey, StockLevel } from './inventory.js';
import { createLocationLoader } from './location-loader.js';
import { createStockLevelLoader } from './stock-level-loader.js';

const s1 = '51000000-0000-4000-8000-000000000001';
const s2 = '51000000-0000-4000-8000-000000000002';
const p1 = '9a000000-0000-4000-8000-000000000001';
const location = (id: string): Location => ({ id, code: id.slice(-1), name: 'x', address: null, kind: 'STORE' });

describe('inventory loaders', () => {
  it('when several stores are loaded in one tick, then one lookup answers them all in order; unknown and malformed ids are null', async () => {
    const calls: string[][] = [];
    const loader = createLocationLoader(async (ids) => {
      calls.push([...ids]);
      return ids.filter((id) => id !== s2).map(location);
    });
    const result = await Promise.all([loader.load(s2), loader.load(s1), loader.load('not-a-uuid'), loader.load(s1)]);
    expect(result.map((l) => l?.id ?? null)).toEqual([null, s1, null, s1]);
    expect(calls).toEqual([[s2, s1]]);
  });

  it('when only malformed ids are loaded, then the database is not asked', async () => {
    let called = false;
    const loader = createLocationLoader(async () => {
      called = true;
      return [];
    });
    expect(await loader.load('x')).toBeNull();
    expect(called).toBe(false);
  });

  it('when stock of several products and stores is loaded in one tick, then one lookup answers each pair', async () => {
    const calls: StockKey[][] = [];
    const loader = createStockLevelLoader(async (keys) => {
      calls.push([...keys]);
      return [{ locationId: s1, productId: p1, productName: 'Tea', quantity: 3, updatedAt: new Date() } satisfies StockLevel];
    });
    const [hit, miss, upper] = await Promise.all([
      loader.load({ locationId: s1, productId: p1 }),
      loader.load({ locationId: s2, productId: p1 }),
      loader.load({ locationId: s1.toUpperCase(), productId: p1 }),
    ]);
    expect(hit?.quantity).toBe(3);
    expect(miss).toBeNull();
    expect(upper?.quantity).toBe(3);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(2);
  });
});
