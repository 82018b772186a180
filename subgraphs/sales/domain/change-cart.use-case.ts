import { badUserInput, conflict, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { fetchCatalogProducts } from '../data-access/catalog.client.js';
import { addItemToOpenCart, findCartById, removeItemFromOpenCart, type CartChange } from '../data-access/cart.repository.js';
import type { Cart } from './sale.js';
import { requireCartOwner, requirePerson } from './sales-access.js';
import { MAX_LINES, MAX_QUANTITY, priceLines, requirePositiveQuantity } from './sale-rules.js';

/** The cart, for its owner only; NOT_FOUND / FORBIDDEN otherwise. */
async function ownCart(ctx: Context, cartId: string): Promise<Cart> {
  const cart = isUuid(cartId) ? await findCartById(cartId.toLowerCase()) : null;
  if (!cart) throw notFound(`Cart ${cartId} not found`);
  requireCartOwner(ctx.viewer, cart);
  return cart;
}

function changed(change: CartChange): Cart {
  if (change.ok) return change.cart;
  if (change.reason === 'NOT_FOUND') throw notFound('Cart not found');
  if (change.reason === 'TOO_MANY') throw badUserInput(`A cart holds at most ${MAX_QUANTITY} of a product`, { field: 'quantity' });
  if (change.reason === 'TOO_MANY_LINES') throw badUserInput(`A cart holds at most ${MAX_LINES} different products (what one sale can hold)`, { field: 'productId' });
  throw conflict('This cart has already been checked out');
}

/**
 * Puts a product in an open cart at catalog's current price (unknown →
 * NOT_FOUND, no longer sold → BAD_USER_INPUT); adding one already in the
 * cart adds to its quantity.
 */
export async function addCartItem(ctx: Context, cartId: string, productId: string, quantity: number): Promise<Cart> {
  requirePerson(ctx.viewer);
  requirePositiveQuantity(quantity);
  if (!isUuid(productId)) throw notFound(`Product ${productId} not found`, { field: 'productId' });
  const cart = await ownCart(ctx, cartId);
  if (cart.status !== 'OPEN') throw conflict('This cart has already been checked out');
  const id = productId.toLowerCase();
  const [priced] = priceLines([{ productId: id, quantity }], await fetchCatalogProducts([id]));
  return changed(await addItemToOpenCart(cart.id, priced!, MAX_QUANTITY, MAX_LINES));
}

/** Takes a product out of an open cart (nothing happens when it is not in it). */
export async function removeCartItem(ctx: Context, cartId: string, productId: string): Promise<Cart> {
  requirePerson(ctx.viewer);
  const cart = await ownCart(ctx, cartId);
  if (cart.status !== 'OPEN') throw conflict('This cart has already been checked out');
  if (!isUuid(productId)) return cart;
  return changed(await removeItemFromOpenCart(cart.id, productId.toLowerCase()));
}
