import { scalarResolvers } from '../../platform/graphql/scalars.js';
import type { Context } from './context.js';
import { addCartItem, removeCartItem } from './domain/change-cart.use-case.js';
import { checkout } from './domain/checkout.use-case.js';
import { createCart } from './domain/create-cart.use-case.js';
import { getCart } from './domain/get-cart.use-case.js';
import { getSale, resolveSaleReference } from './domain/get-sale.use-case.js';
import { listStoreSales } from './domain/list-store-sales.use-case.js';
import { recordSale } from './domain/record-sale.use-case.js';
import { returnSale } from './domain/return-sale.use-case.js';
import type { Resolvers } from './generated/resolvers-types.js';

export const resolvers: Resolvers<Context> = {
  ...scalarResolvers,
  Query: {
    sale: (_, { id }, ctx) => getSale(ctx, id),
    cart: (_, { id }, ctx) => getCart(ctx, id),
  },
  Mutation: {
    recordSale: (_, { input }, ctx) => recordSale(ctx, input),
    returnSale: (_, { input }, ctx) => returnSale(ctx, input),
    createCart: (_, { storeId }, ctx) => createCart(ctx, storeId),
    addCartItem: (_, { cartId, productId, quantity }, ctx) => addCartItem(ctx, cartId, productId, quantity),
    removeCartItem: (_, { cartId, productId }, ctx) => removeCartItem(ctx, cartId, productId),
    checkout: (_, { cartId, idempotencyKey }, ctx) => checkout(ctx, cartId, idempotencyKey),
  },
  Store: {
    __resolveReference: (ref) => ({ id: ref.id }),
    sales: (store, args, ctx) => listStoreSales(ctx, store.id, args),
  },
  Sale: {
    __resolveReference: (ref, ctx) => resolveSaleReference(ctx, ref.id),
    store: (sale) => ({ id: sale.storeId }),
    customer: (sale) => (sale.customerId ? { id: sale.customerId } : null),
    lines: (sale, _, ctx) => ctx.loaders.saleLines.load(sale.id),
    returns: (sale, _, ctx) => ctx.loaders.saleReturns.load(sale.id),
  },
  SaleLine: {
    product: (line) => ({ id: line.productId }),
  },
  Return: {
    sale: async (saleReturn, _, ctx) => (await ctx.loaders.sale.load(saleReturn.saleId))!,
    lines: (saleReturn, _, ctx) => ctx.loaders.returnLines.load(saleReturn.id),
  },
  Cart: {
    store: (cart) => ({ id: cart.storeId }),
  },
  CartItem: {
    product: (item) => ({ id: item.productId }),
  },
};
