import type { Cart, CartItem, Sale, SaleLine, SaleReturn } from '../domain/sale.js';

/** GraphQL types backed by domain objects (read by GraphQL Code Generator). */
export type SaleModel = Sale;
export type SaleLineModel = SaleLine;
export type ReturnModel = SaleReturn;
export type CartModel = Cart;
export type CartItemModel = CartItem;
/** References to entities other subgraphs resolve. */
export type StoreModel = { id: string };
export type ProductModel = { id: string };
export type CustomerModel = { id: string };
