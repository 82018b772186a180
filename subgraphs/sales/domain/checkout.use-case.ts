import { badUserInput, conflict, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { findCartById } from '../data-access/cart.repository.js';
import { findSagaByKey } from '../data-access/saga.repository.js';
import { findSaleById } from '../data-access/sale.repository.js';
import type { Sale } from './sale.js';
import { runSaleSaga } from './sale-saga.js';
import { requireCartOwner } from './sales-access.js';
import { normaliseIdempotencyKey, normaliseLines } from './sale-rules.js';

/**
 * The cart's owner buys what is in it: the same sale saga as at the till,
 * at catalog's current prices, and the cart closes (CHECKED_OUT) in the
 * sale's transaction. A closed cart is CONFLICT, except for a retry with the
 * key that closed it, which gets that sale back.
 */
export async function checkout(ctx: Context, cartId: string, idempotencyKey: string): Promise<Sale> {
  const key = normaliseIdempotencyKey(idempotencyKey);
  if (!key) throw badUserInput('idempotencyKey is required', { field: 'idempotencyKey' });
  const cart = isUuid(cartId) ? await findCartById(cartId.toLowerCase()) : null;
  if (!cart) throw notFound(`Cart ${cartId} not found`);
  const owner = requireCartOwner(ctx.viewer, cart);

  if (cart.status !== 'OPEN') {
    const saga = await findSagaByKey(key);
    const sale = saga?.cartId === cart.id && cart.saleId && saga.saleId === cart.saleId ? await findSaleById(cart.saleId) : null;
    if (sale) return sale;
    throw conflict('This cart has already been checked out');
  }
  if (cart.items.length === 0) throw badUserInput('The cart is empty', { field: 'cartId' });

  return runSaleSaga({
    kind: 'CHECKOUT',
    storeId: cart.storeId,
    lines: normaliseLines(cart.items),
    customerId: owner.kind === 'customer' && isUuid(owner.id) ? owner.id.toLowerCase() : null,
    cartId: cart.id,
    actorId: owner.id,
    idempotencyKey: key,
  }, ctx.settings.saga);
}
