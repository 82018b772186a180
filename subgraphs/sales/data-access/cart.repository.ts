import { lineTotal, sumMoney } from '../domain/money.js';
import type { Cart } from '../domain/sale.js';
import type { Prisma } from './prisma-client/client.js';
import { salesDb, TRANSACTION_OPTIONS } from './sales-database.js';

type CartRow = Prisma.CartGetPayload<{ include: { items: true } }>;

function toCart(row: CartRow): Cart {
  const items = [...row.items]
    .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.productId.localeCompare(b.productId))
    .map((item) => {
      const unitPrice = item.unitPrice.toFixed(2);
      return { productId: item.productId, quantity: item.quantity, unitPrice, lineTotal: lineTotal(unitPrice, item.quantity) };
    });
  return { id: row.id, storeId: row.storeId, ownerId: row.ownerId, status: row.status, saleId: row.saleId, items, total: sumMoney(items.map((i) => i.lineTotal)) };
}

export async function insertCart(cart: { storeId: string; ownerId: string }): Promise<Cart> {
  return toCart(await salesDb().cart.create({ data: cart, include: { items: true } }));
}

export async function findCartById(id: string): Promise<Cart | null> {
  const row = await salesDb().cart.findUnique({ where: { id }, include: { items: true } });
  return row ? toCart(row) : null;
}

export type CartChange = { ok: true; cart: Cart } | { ok: false; reason: 'NOT_FOUND' | 'NOT_OPEN' | 'TOO_MANY' | 'TOO_MANY_LINES' };

/**
 * Changes the items of a cart only while it is OPEN, under a row lock on the
 * cart so that a concurrent checkout (which closes it) cannot interleave.
 */
async function changeOpenCart(cartId: string, change: (tx: Prisma.TransactionClient) => Promise<'TOO_MANY' | 'TOO_MANY_LINES' | void>): Promise<CartChange> {
  return salesDb().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ status: string }>>`SELECT "status"::text AS "status" FROM "Cart" WHERE "id" = ${cartId}::uuid FOR UPDATE`;
    if (!locked) return { ok: false, reason: 'NOT_FOUND' } as const;
    if (locked.status !== 'OPEN') return { ok: false, reason: 'NOT_OPEN' } as const;
    const refused = await change(tx);
    if (refused) return { ok: false, reason: refused } as const;
    const row = await tx.cart.update({ where: { id: cartId }, data: { updatedAt: new Date() }, include: { items: true } });
    return { ok: true, cart: toCart(row) } as const;
  }, TRANSACTION_OPTIONS);
}

/**
 * Adds a product, or more of one already in the cart (its unit price becomes
 * the latest); at most `maxQuantity` of a product and `maxLines` different
 * products (what one sale can hold), so a cart's items stay a bounded list.
 */
export function addItemToOpenCart(cartId: string, item: { productId: string; quantity: number; unitPrice: string }, maxQuantity: number, maxLines: number): Promise<CartChange> {
  return changeOpenCart(cartId, async (tx) => {
    const existing = await tx.cartItem.findUnique({ where: { cartId_productId: { cartId, productId: item.productId } } });
    if ((existing?.quantity ?? 0) + item.quantity > maxQuantity) return 'TOO_MANY';
    if (!existing && (await tx.cartItem.count({ where: { cartId } })) >= maxLines) return 'TOO_MANY_LINES';
    if (existing) {
      await tx.cartItem.update({
        where: { cartId_productId: { cartId, productId: item.productId } },
        data: { quantity: { increment: item.quantity }, unitPrice: item.unitPrice },
      });
    } else {
      await tx.cartItem.create({ data: { cartId, ...item } });
    }
  });
}

/** Takes a product out of the cart; nothing happens when it is not in it. */
export function removeItemFromOpenCart(cartId: string, productId: string): Promise<CartChange> {
  return changeOpenCart(cartId, async (tx) => {
    await tx.cartItem.deleteMany({ where: { cartId, productId } });
  });
}
