import { badUserInput } from '../../../platform/errors/domain-error.js';
import { compareMoney } from './money.js';
import type { StoreTotals } from './reporting.js';

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

/** Most best sellers one list gives (like the largest page of a connection). */
export const MAX_LIMIT = 100;

export function validateLimit(limit: number | null | undefined, fallback: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 0 || value > MAX_LIMIT) throw badUserInput(`limit must be a whole number from 0 to ${MAX_LIMIT}`, { field: 'limit' });
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

/** Highest revenue first, then store id. */
export function compareStores(a: StoreTotals, b: StoreTotals): number {
  return compareMoney(b.revenue, a.revenue) || a.storeId.localeCompare(b.storeId);
}

const nextDayStarts = new Map<string, number>();

/**
 * When the day after `day` starts in the time zone (epoch milliseconds): the
 * first instant whose day is later, found by bisection, so that days of 23
 * or 25 hours (daylight saving) count right. Remembered per day and zone.
 */
export function nextDayStart(day: string, timeZone: string): number {
  const key = `${timeZone}|${day}`;
  const known = nextDayStarts.get(key);
  if (known !== undefined) return known;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // Zone offsets lie within -12 h … +14 h: `lo` is still on `day` or before it, `hi` already after it.
  let lo = Date.UTC(y, m - 1, d) - 15 * 3_600_000;
  let hi = Date.UTC(y, m - 1, d + 1) + 13 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayOf(new Date(mid), timeZone) > day) hi = mid;
    else lo = mid;
  }
  if (nextDayStarts.size > 64) nextDayStarts.clear();
  nextDayStarts.set(key, hi);
  return hi;
}

/** Seconds from `now` until the report day `day` ends (0 or less once it has). */
export function secondsLeftInDay(day: string, timeZone: string, now: Date): number {
  return (nextDayStart(day, timeZone) - now.getTime()) / 1000;
}
