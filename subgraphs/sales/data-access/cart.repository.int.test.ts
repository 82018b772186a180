import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addItemToOpenCart, insertCart } from './cart.repository.js';
import { disconnectSalesDb } from './sales-database.js';

afterAll(disconnectSalesDb);

describe('cart items (PostgreSQL)', () => {
  it('when a cart holds as many different products as a sale can, then one more is refused while more of one already in it is fine', async () => {
    const cart = await insertCart({ storeId: randomUUID(), ownerId: 'customer-1' });
    const item = (productId: string) => ({ productId, quantity: 1, unitPrice: '1.00' });
    const products = [randomUUID(), randomUUID(), randomUUID()];
    for (const productId of products) expect((await addItemToOpenCart(cart.id, item(productId), 10, 3)).ok).toBe(true);
    expect(await addItemToOpenCart(cart.id, item(randomUUID()), 10, 3)).toEqual({ ok: false, reason: 'TOO_MANY_LINES' });
    const more = await addItemToOpenCart(cart.id, item(products[1]!), 10, 3);
    expect(more.ok && more.cart.items.map((i) => i.quantity).sort()).toEqual([1, 1, 2]);
  });
});
