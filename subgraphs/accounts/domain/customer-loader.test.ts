import { describe, expect, it } from 'vitest';
import type { Customer } from './account.js';
import { createCustomerLoader } from './customer-loader.js';

const ada: Customer = { id: '00000000-0000-4000-8000-0000000000a1', email: 'ada@example.com', name: 'Ada' };
const bob: Customer = { id: '00000000-0000-4000-8000-0000000000b2', email: 'bob@example.com', name: 'Bob' };

describe('customer loader', () => {
  it('when several references are loaded in one tick, then one lookup serves them all, in order, with null for unknown ids', async () => {
    const calls: string[][] = [];
    const loader = createCustomerLoader(async (ids) => {
      calls.push([...ids]);
      return [bob, ada].filter((c) => ids.includes(c.id));
    });
    const unknown = '00000000-0000-4000-8000-00000000dead';
    const results = await Promise.all([loader.load(ada.id), loader.load(unknown), loader.load(bob.id), loader.load(ada.id)]);
    expect(results).toEqual([ada, null, bob, ada]);
    expect(calls).toEqual([[ada.id, unknown, bob.id]]);
  });

  it('when only ids that are not UUIDs are loaded, then the database is not asked and they are null', async () => {
    let asked = false;
    const loader = createCustomerLoader(async () => {
      asked = true;
      return [];
    });
    expect(await loader.loadMany(['42', "'; drop table"])).toEqual([null, null]);
    expect(asked).toBe(false);
  });
});
