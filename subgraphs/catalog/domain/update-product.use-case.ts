import { requireRole } from '../../../platform/auth/guards.js';
import { notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { invalidateProducts } from '../data-access/product-cache.js';
import { updateProductRow } from '../data-access/product.repository.js';
import type { Product } from './product.js';
import { validateProductChanges } from './product-rules.js';

/** UC4: head office changes price, name, description, category, or deactivates. */
export async function updateProduct(ctx: Context, id: string, input: Parameters<typeof validateProductChanges>[0]): Promise<Product> {
  requireRole(ctx.viewer, ['HQ_ADMIN']);
  const changes = validateProductChanges(input);
  const updated = isUuid(id) ? await updateProductRow(id, changes) : null;
  if (!updated) throw notFound(`Product ${id} not found`);
  await invalidateProducts([updated.id]);
  return updated;
}
