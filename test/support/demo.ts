import { demoProducts, demoStores, demoWarehouse } from '../../demo/demo-dataset.js';

/** Demo ids for end-to-end tests. Each test file uses its own products so files never interfere. */
export const storeId = (n: 1 | 2 | 3 | 4 | 5): string => demoStores[n - 1]!.id;
export const warehouseId = demoWarehouse.id;
export const product = (index: number) => demoProducts[index]!;
export const unknownId = '00000000-0000-4000-8000-00000000dead';
