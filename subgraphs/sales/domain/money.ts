import { Prisma } from '../data-access/prisma-client/client.js';

/** Exact decimal arithmetic for money (decimal.js as shipped by Prisma); never a float. */
export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;

const MONEY_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

/** A price as catalog serialises it ("12.50"); anything else is not a price. */
export function isMoney(value: unknown): value is string {
  return typeof value === 'string' && MONEY_PATTERN.test(value);
}

/** unitPrice × quantity, exactly, as "0.00". */
export function lineTotal(unitPrice: string, quantity: number): string {
  return new Decimal(unitPrice).times(quantity).toFixed(2);
}

/** Sum of exact amounts, as "0.00". */
export function sumMoney(amounts: readonly string[]): string {
  return amounts.reduce((sum, amount) => sum.plus(amount), new Decimal(0)).toFixed(2);
}
