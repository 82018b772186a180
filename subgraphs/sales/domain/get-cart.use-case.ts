import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { findCartById } from '../data-access/cart.repository.js';
import type { Cart } from './sale.js';
import { requireCartOwner, requirePerson } from './sales-access.js';

/** `cart(id)`: only for the account that created it; null when there is no such cart. */
export async function getCart(ctx: Context, id: string): Promise<Cart | null> {
  requirePerson(ctx.viewer);
  const cart = isUuid(id) ? await findCartById(id.toLowerCase()) : null;
  if (!cart) return null;
  requireCartOwner(ctx.viewer, cart);
  return cart;
}
