import { describe, expect, it } from 'vitest';
import { demoProducts, demoStockQuantity } from '../../demo/demo-dataset.js';
import { product, storeId, unknownId, warehouseId } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';

describe('one federated endpoint', () => {
  it('when a store is queried with its stock, product details and sales, then inventory, catalog and sales answer in one request', async () => {
    const token = await login('clerk1@retail.test');
    const data = await gqlOk(
      `query StorePage($id: ID!) {
        store(id: $id) {
          code name kind
          stock(first: 3) { totalCount edges { node { quantity product { id sku name price category } } } }
          sales(first: 3) { totalCount edges { node { id total store { code } lines { quantity unitPrice product { name category } } } } }
        }
      }`,
      { id: storeId(1) },
      token,
    );
    expect(data.store.code).toBe('STORE-1');
    expect(data.store.kind).toBe('STORE');
    expect(data.store.sales.totalCount).toBeGreaterThan(0);
    for (const edge of data.store.sales.edges) {
      expect(edge.node.store.code).toBe('STORE-1');
      for (const line of edge.node.lines) expect(typeof line.product.name).toBe('string');
    }
  });

  it('when a store stock list is read, then every line carries the catalog product and the seeded quantity', async () => {
    const data = await gqlOk(
      `query($id: ID!) { store(id: $id) { stock(first: 100, orderBy: PRODUCT_NAME) { totalCount edges { node { quantity product { id name price } } } } } }`,
      { id: storeId(2) },
    );
    expect(data.store.stock.totalCount).toBe(demoProducts.length);
    const names = data.store.stock.edges.map((e: any) => e.node.product.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const readOnly = product(65);
    const line = data.store.stock.edges.find((e: any) => e.node.product.id === readOnly.id).node;
    expect(line).toEqual({ quantity: demoStockQuantity(1, 65, false), product: { id: readOnly.id, name: readOnly.name, price: readOnly.price } });
  });

  it('when a product is read with its stock at the warehouse, then catalog and inventory fields come together', async () => {
    const p = product(66);
    const data = await gqlOk(`query($id: ID!, $w: ID!) { product(id: $id) { sku price stock(storeId: $w) { quantity store { code } } } }`, { id: p.id, w: warehouseId });
    expect(data.product).toEqual({ sku: p.sku, price: p.price, stock: { quantity: demoStockQuantity(5, 66, true), store: { code: 'WAREHOUSE' } } });
  });

  it('when stores, the warehouse and an unknown store are asked for, then five stores, the warehouse and null come back', async () => {
    const data = await gqlOk(`query($u: ID!) { stores { code kind } warehouse { code kind } store(id: $u) { id } bad: store(id: "not-a-uuid") { id } }`, { u: unknownId });
    expect(data.stores.map((s: any) => s.code)).toEqual(['STORE-1', 'STORE-2', 'STORE-3', 'STORE-4', 'STORE-5']);
    expect(data.warehouse).toEqual({ code: 'WAREHOUSE', kind: 'WAREHOUSE' });
    expect(data.store).toBeNull();
    expect(data.bad).toBeNull();
  });

  it('when the catalog is paged through, then every product appears exactly once and categories are listed', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const data: any = await gqlOk(`query($after: String) { products(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after });
      total = data.products.totalCount;
      seen.push(...data.products.edges.map((e: any) => e.node.id));
      after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(total).toBeGreaterThanOrEqual(60);
    const { categories } = await gqlOk(`{ categories }`);
    expect(categories.length).toBeGreaterThanOrEqual(6);
  });
});
