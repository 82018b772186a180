import { badUserInput, notFound } from '../../../platform/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../../../platform/graphql/pagination.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { StockLevel, StockLine, StockOrder } from './inventory.js';
import type { StockThresholds } from './inventory-settings.js';

/** Upper bound of one quantity or delta, far below the 32-bit column limit. */
export const MAX_QUANTITY = 1_000_000;

export function isLowStock(quantity: number, thresholds: StockThresholds): boolean {
  return quantity <= thresholds.low;
}

export function isOverstock(quantity: number, thresholds: StockThresholds): boolean {
  return quantity >= thresholds.high;
}

/** A positive whole number of units; BAD_USER_INPUT otherwise. */
export function validateQuantity(quantity: number, field = 'quantity'): number {
  if (!Number.isInteger(quantity) || quantity <= 0) throw badUserInput(`${field} must be a positive whole number`, { field });
  if (quantity > MAX_QUANTITY) throw badUserInput(`${field} must be at most ${MAX_QUANTITY}`, { field });
  return quantity;
}

/** A non-zero whole number of units to add (positive) or remove (negative). */
export function validateDelta(delta: number): number {
  if (!Number.isInteger(delta) || delta === 0) throw badUserInput('delta must be a non-zero whole number', { field: 'delta' });
  if (Math.abs(delta) > MAX_QUANTITY) throw badUserInput(`delta must be between -${MAX_QUANTITY} and ${MAX_QUANTITY}`, { field: 'delta' });
  return delta;
}

/** A required free-text reason, trimmed; BAD_USER_INPUT when empty. */
export function validateReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw badUserInput('reason must not be empty', { field: 'reason' });
  if (trimmed.length > 500) throw badUserInput('reason must be at most 500 characters', { field: 'reason' });
  return trimmed;
}

/**
 * Lines of a reservation or return: at least one, every quantity positive,
 * lines of the same product merged, sorted by product id (the order rows are
 * locked in, so concurrent multi-line operations cannot deadlock).
 */
export function normalizeStockLines(lines: readonly StockLine[]): StockLine[] {
  if (lines.length === 0) throw badUserInput('At least one line is required', { field: 'lines' });
  const merged = new Map<string, number>();
  for (const line of lines) {
    validateQuantity(line.quantity);
    if (!isUuid(line.productId)) throw notFound(`Product ${line.productId} not found`, { productId: line.productId });
    const productId = line.productId.toLowerCase();
    merged.set(productId, (merged.get(productId) ?? 0) + line.quantity);
  }
  const normalized = [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => (a.productId < b.productId ? -1 : 1));
  for (const line of normalized) validateQuantity(line.quantity);
  return normalized;
}

/** Position of a stock list page: the sort keys of its last row and the order they belong to. */
export interface StockCursor {
  o: StockOrder;
  q: number;
  n: string;
  p: string;
}

const ORDERS: readonly StockOrder[] = ['PRODUCT_NAME', 'QUANTITY_ASC', 'QUANTITY_DESC'];

const isStockCursor = (v: unknown): v is StockCursor => {
  const c = v as StockCursor;
  return typeof v === 'object' && v !== null && ORDERS.includes(c.o) && Number.isInteger(c.q) && typeof c.n === 'string' && isUuid(c.p);
};

export function encodeStockCursor(level: StockLevel, orderBy: StockOrder): string {
  return encodeCursor({ o: orderBy, q: level.quantity, n: level.productName, p: level.productId } satisfies StockCursor);
}

/** The keyset position after which a page starts; a cursor of another ordering is BAD_USER_INPUT. */
export function decodeStockCursor(cursor: string | null | undefined, orderBy: StockOrder) {
  const position = decodeCursor(cursor, isStockCursor);
  if (!position) return undefined;
  if (position.o !== orderBy) throw badUserInput('The cursor belongs to another ordering', { argument: 'after' });
  return { quantity: position.q, productName: position.n, productId: position.p };
}
