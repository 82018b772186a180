import { describe, expect, it, vi } from 'vitest';
import type { Sale, SaleLine } from './sale.js';
import { createSaleLoaders, type SaleFinders } from './sale-loaders.js';

const id = (n: number) => `5a1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sale = (n: number): Sale => ({ id: id(n), storeId: 's', customerId: null, total: '1.00', refundedTotal: '0.00', status: 'COMPLETED', createdAt: new Date(0) });
const line = (n: number, productId: string): SaleLine & { saleId: string } => ({ saleId: id(n), productId, quantity: 1, returnedQuantity: 0, unitPrice: '1.00', lineTotal: '1.00' });

function fakeFinders(): SaleFinders {
  return {
    salesByIds: vi.fn(async (ids: readonly string[]) => ids.filter((i) => i !== id(99)).map((i) => sale(Number(i.slice(-12))))),
    linesOfSales: vi.fn(async () => [line(1, 'a'), line(1, 'b'), line(3, 'c')]),
    returnsOfSales: vi.fn(async () => []),
    linesOfReturns: vi.fn(async () => []),
  };
}

describe('sale loaders', () => {
  it('when the lines of a page of sales are loaded, then one query serves them all, grouped per sale', async () => {
    const find = fakeFinders();
    const loaders = createSaleLoaders(find);
    const lines = await Promise.all([1, 2, 3].map((n) => loaders.saleLines.load(id(n))));
    expect(find.linesOfSales).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => l.map((x) => x.productId))).toEqual([['a', 'b'], [], ['c']]);
  });

  it('when sale references are resolved together, then one query; unknown or malformed ids are null', async () => {
    const find = fakeFinders();
    const loaders = createSaleLoaders(find);
    const found = await Promise.all([id(1), id(99), 'not-a-uuid', id(2)].map((i) => loaders.sale.load(i)));
    expect(find.salesByIds).toHaveBeenCalledTimes(1);
    expect(find.salesByIds).toHaveBeenCalledWith([id(1), id(99), id(2)]);
    expect(found.map((s) => s?.id ?? null)).toEqual([id(1), null, null, id(2)]);
  });

  it('when only malformed ids are asked for, then the database is not queried', async () => {
    const find = fakeFinders();
    expect(await createSaleLoaders(find).sale.load('x')).toBeNull();
    expect(find.salesByIds).not.toHaveBeenCalled();
  });
});
