import { afterAll, describe, expect, it } from 'vitest';
import { cacheCounts } from '../../../platform/cache/cache-metrics.js';
import { createLogger } from '../../../platform/logging/logger.js';
import type { Context } from '../context.js';
import { createContext } from '../context.js';
import { disconnectCatalogDb } from '../data-access/catalog-database.js';
import { closeProductCache, productCache } from '../data-access/product-cache.js';
import { createProduct } from './create-product.use-case.js';
import { getProduct } from './get-product.use-case.js';
import { searchProducts } from './search-products.use-case.js';
import { updateProduct } from './update-product.use-case.js';

afterAll(async () => {
  await closeProductCache();
  await disconnectCatalogDb();
});

const admin = { kind: 'staff', id: 'hq', role: 'HQ_ADMIN', storeId: null } as const;
/** A fresh request context (its own loaders), as each GraphQL request gets. */
const request = (): Context => createContext({ viewer: admin, logger: createLogger('catalog-test') });
const newProduct = (sku: string) => ({ sku, name: `Lamp ${sku}`, category: 'Home', price: '25.00', description: null });

describe('cached product lookups (in-process LRU, the embedded default)', () => {
  it('when the same product is looked up by two requests, then the second is a cache hit with the same product', async () => {
    expect(productCache().kind).toBe('memory');
    const { id } = await createProduct(request(), newProduct('CACHE-1'));
    const before = cacheCounts('catalog');
    const first = await getProduct(request(), id);
    const second = await getProduct(request(), id);
    expect(second).toEqual(first);
    expect(second?.updatedAt).toBeInstanceOf(Date);
    expect(cacheCounts('catalog').hit - before.hit).toBe(1);
  });

  it('when head office changes a product, then the next lookup shows the change', async () => {
    const { id } = await createProduct(request(), newProduct('CACHE-2'));
    expect((await getProduct(request(), id))?.price).toBe('25.00');
    await updateProduct(request(), id, { price: '19.50', name: 'Desk lamp' });
    expect(await getProduct(request(), id)).toMatchObject({ price: '19.50', name: 'Desk lamp' });
  });

  it('when products asked together are changed one at a time, then each set asked again shows every change', async () => {
    const a = await createProduct(request(), newProduct('CACHE-3'));
    const b = await createProduct(request(), newProduct('CACHE-4'));
    const both = async () => Promise.all([getProduct(request(), a.id), getProduct(request(), b.id)]);
    const batch = async () => {
      const ctx = request();
      return Promise.all([getProduct(ctx, a.id), getProduct(ctx, b.id)]);
    };
    await batch();
    await updateProduct(request(), b.id, { active: false });
    expect((await batch()).map((p) => p?.active)).toEqual([true, false]);
    expect((await both()).map((p) => p?.active)).toEqual([true, false]);
  });

  it('when a search is asked again, then the page comes from the cache; when a product is created or renamed into it, then the next page shows it', async () => {
    await createProduct(request(), newProduct('SEARCH-1'));
    const names = async () => (await searchProducts({ search: 'zebra lamp' })).edges.map((e) => e.node.name);
    expect(await names()).toEqual([]);
    const { id } = await createProduct(request(), { ...newProduct('SEARCH-2'), name: 'Zebra lamp one' });
    const before = cacheCounts('catalog');
    expect(await names()).toEqual(['Zebra lamp one']);
    expect(await names()).toEqual(['Zebra lamp one']);
    expect(cacheCounts('catalog').hit - before.hit).toBe(1);
    const other = await createProduct(request(), newProduct('SEARCH-3'));
    await updateProduct(request(), other.id, { name: 'Zebra lamp two' });
    expect(await names()).toEqual(['Zebra lamp one', 'Zebra lamp two']);
    await updateProduct(request(), id, { name: 'Plain lamp' });
    expect((await searchProducts({ search: 'zebra lamp' })).totalCount).toBe(1);
  });
});
