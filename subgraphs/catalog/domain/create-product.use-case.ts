import { requireRole } from '../../../platform/auth/guards.js';
import { conflict } from '../../../platform/errors/domain-error.js';
import type { Context } from '../context.js';
import { invalidateProducts } from '../data-access/product-cache.js';
import { insertProduct } from '../data-access/product.repository.js';
import type { NewProduct, Product } from './product.js';
import { validateNewProduct } from './product-rules.js';

/** UC4: head office adds a product to the catalog. */
export async function createProduct(ctx: Context, input: NewProduct): Promise<Product> {
  requireRole(ctx.viewer, ['HQ_ADMIN']);
  const product = validateNewProduct(input);
  const created = await insertProduct(product);
  if (!created) throw conflict(`A product with SKU ${product.sku} already exists`, { field: 'sku' });
  // A lookup of this id made before it existed may have been cached as "not found".
  await invalidateProducts([created.id]);
  return created;
}
