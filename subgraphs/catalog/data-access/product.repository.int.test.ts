import { afterAll, describe, expect, it } from 'vitest';
import { disconnectCatalogDb } from './catalog-database.js';
import { insertProduct, listCategories, searchProducts, updateProductRow } from './product.repository.js';

afterAll(disconnectCatalogDb);

describe('product repository (PostgreSQL)', () => {
  it('when a SKU is inserted twice, then the second insert reports the clash', async () => {
    const product = { sku: 'INT-1', name: 'Kettle', category: 'Kitchen', price: '19.99', description: null };
    expect(await insertProduct(product)).toMatchObject({ sku: 'INT-1', price: '19.99', active: true });
    expect(await insertProduct(product)).toBeNull();
  });

  it('when searching page by page, then every match appears once in name order', async () => {
    for (const name of ['Mug C', 'Mug A', 'Mug B']) {
      await insertProduct({ sku: `MUG-${name.at(-1)}`, name, category: 'Kitchen', price: '3.00', description: null });
    }
    const first = await searchProducts({ search: 'mug', limit: 2 });
    expect(first.items.map((p) => p.name)).toEqual(['Mug A', 'Mug B']);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 3 });
    const last = first.items.at(-1)!;
    const second = await searchProducts({ search: 'mug', limit: 2, after: { name: last.name, id: last.id } });
    expect(second.items.map((p) => p.name)).toEqual(['Mug C']);
    expect(second.hasNextPage).toBe(false);
    expect(await listCategories()).toContain('Kitchen');
  });

  it('when updating a product that does not exist, then null comes back', async () => {
    expect(await updateProductRow('00000000-0000-4000-8000-000000000000', { name: 'x' })).toBeNull();
  });
});
