import type { Context } from '../context.js';
import type { Customer } from './account.js';

export function getCustomer(ctx: Context, id: string): Promise<Customer | null> {
  return ctx.loaders.customer.load(id);
}
