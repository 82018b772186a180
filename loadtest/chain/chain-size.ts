import { z } from 'zod';

/**
 * The size of a seeded chain: stores (plus the one warehouse), products,
 * days of sales history ending now, sales per store and day, and the share
 * of sales returned (whole or in part) within two days.
 */
export interface ChainSize {
  stores: number;
  products: number;
  days: number;
  salesPerStoreDay: number;
  returnRate: number;
}

const chainSizeSchema = z
  .object({
    stores: z.coerce.number().int().min(1).max(10_000),
    products: z.coerce.number().int().min(1).max(1_000_000),
    days: z.coerce.number().int().min(1).max(3_650),
    salesPerStoreDay: z.coerce.number().int().min(0).max(10_000),
    returnRate: z.coerce.number().min(0).max(1),
  })
  // Movement ids are derived from sale number × products (12 decimal digits of a UUID).
  .refine((s) => s.stores * s.days * s.salesPerStoreDay * s.products < 1e12, 'stores × days × sales per store-day × products must stay below 10^12');

/** The size of the chain: 200 stores × 20,000 products × 90 days, about 1.8 M sales. */
export const fullChain: ChainSize = { stores: 200, products: 20_000, days: 90, salesPerStoreDay: 100, returnRate: 0.02 };

/** Validated size from options (strings or numbers); missing ones default to `fullChain`. */
export function chainSize(options: Partial<Record<keyof ChainSize, string | number | undefined>>): ChainSize {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return chainSizeSchema.parse({ ...fullChain, ...defined });
}
