import { notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { insertCart } from '../data-access/cart.repository.js';
import type { Cart } from './sale.js';
import { requirePerson } from './sales-access.js';

/** Any signed-in customer (or staff member) opens a cart at a store; it is theirs alone. */
export async function createCart(ctx: Context, storeId: string): Promise<Cart> {
  const owner = requirePerson(ctx.viewer);
  // Whether the store exists is inventory's to say (checkout's reservation checks it); a non-UUID cannot.
  if (!isUuid(storeId)) throw notFound(`Store ${storeId} not found`, { field: 'storeId' });
  return insertCart({ storeId: storeId.toLowerCase(), ownerId: owner.id });
}
