import { badUserInput } from '../../../platform/errors/domain-error.js';
import { compareMoney } from './money.js';
import type { ProductFigures, StoreFigures } from './reporting.js';

/** Longest series of days the dashboard gives (and longest window tagged day by day in the cache). */
export const MAX_DAYS = 366;

/** A report window [from, to): from strictly before to; BAD_USER_INPUT otherwise. */
export function validateWindow(from: Date, to: Date): { from: Date; to: Date } {
  if (!(from instanceof Date) || !(to instanceof Date) || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw badUserInput('from and to must be date-times');
  }
  if (from.getTime() >= to.getTime()) throw badUserInput('from must be before to', { field: 'from' });
  return { from, to };
}

export function validateDays(days: number | null | undefined): number {
  const value = days ?? 7;
  if (!Number.isInteger(value) || value < 1 || value > MAX_DAYS) throw badUserInput(`days must be a whole number from 1 to ${MAX_DAYS}`, { field: 'days' });
  return value;
}

export function validateLimit(limit: number | null | undefined, fallback: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 0 || value > 1000) throw badUserInput('limit must be a whole number from 0 to 1000', { field: 'limit' });
  return value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayOf(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** The day `offset` days after (negative: before) a YYYY-MM-DD day. */
export function addDays(day: string, offset: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

/** The `count` days ending with `lastDay`, oldest first. */
export function daysEnding(lastDay: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(lastDay, i - count + 1));
}

/** Best sellers first: more units, then more revenue, then product id (a stable order). */
export function compareProducts(a: ProductFigures, b: ProductFigures): number {
  return b.unitsSold - a.unitsSold || compareMoney(b.revenue, a.revenue) || a.productId.localeCompare(b.productId);
}

/** Highest revenue first, then store id. */
export function compareStores(a: StoreFigures, b: StoreFigures): number {
  return compareMoney(b.revenue, a.revenue) || a.storeId.localeCompare(b.storeId);
}

/** The first `limit` entries (validated, default `fallback`) of a ranked list. */
export function topOf<T>(ranked: readonly T[], limit: number | null | undefined, fallback: number): T[] {
  return ranked.slice(0, validateLimit(limit, fallback));
}
