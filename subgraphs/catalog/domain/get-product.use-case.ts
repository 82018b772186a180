import type { Context } from '../context.js';
import type { Product } from './product.js';

export function getProduct(ctx: Context, id: string): Promise<Product | null> {
  return ctx.loaders.product.load(id);
}
