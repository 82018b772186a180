import type { Product } from '../domain/product.js';

/** GraphQL types backed by domain objects (read by GraphQL Code Generator). */
export type ProductModel = Product;
