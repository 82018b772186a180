import { demoProducts } from '../../../demo/demo-dataset.js';
import { countProducts, insertProducts } from '../data-access/product.repository.js';

/** Seeds the demo catalog into an empty catalog; true when it did. */
export async function seedDemoCatalog(): Promise<boolean> {
  if ((await countProducts()) > 0) return false;
  await insertProducts(demoProducts.map(({ id, sku, name, category, price, description }) => ({ id, sku, name, category, price, description })));
  return true;
}
