import { createHash } from 'node:crypto';
import { badUserInput, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import { isMoney, lineTotal, sumMoney } from './money.js';
import type { LineRequest, PricedLine } from './sale.js';

export const MAX_LINES = 200;
export const MAX_QUANTITY = 100_000;
const MAX_KEY_LENGTH = 200;

/** A quantity of a line: a whole number from 1 to MAX_QUANTITY, or BAD_USER_INPUT. */
export function requirePositiveQuantity(quantity: unknown, field = 'quantity'): number {
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
    throw badUserInput(`${field} must be a whole number greater than zero`, { field });
  }
  if (quantity > MAX_QUANTITY) throw badUserInput(`${field} must be at most ${MAX_QUANTITY}`, { field });
  return quantity;
}

/**
 * Validates the lines of a sale and merges lines of the same product, in the
 * order products first appear. Empty lines or a bad quantity are
 * BAD_USER_INPUT; a product id that cannot exist is NOT_FOUND.
 */
export function normaliseLines(lines: readonly LineRequest[]): LineRequest[] {
  if (lines.length === 0) throw badUserInput('A sale needs at least one line', { field: 'lines' });
  const merged = new Map<string, LineRequest>();
  lines.forEach((line, index) => {
    const quantity = requirePositiveQuantity(line.quantity, `lines[${index}].quantity`);
    if (!isUuid(line.productId)) throw notFound(`Product ${line.productId} not found`, { field: `lines[${index}].productId` });
    const productId = line.productId.toLowerCase();
    const existing = merged.get(productId);
    if (existing) existing.quantity += quantity;
    else merged.set(productId, { productId, quantity });
  });
  const result = [...merged.values()];
  if (result.length > MAX_LINES) throw badUserInput(`A sale has at most ${MAX_LINES} different products`, { field: 'lines' });
  for (const line of result) requirePositiveQuantity(line.quantity, `quantity of ${line.productId}`);
  return result;
}

/** An idempotency key as given (trimmed), null when absent; blank or overlong is BAD_USER_INPUT. */
export function normaliseIdempotencyKey(key: string | null | undefined): string | null {
  if (key == null) return null;
  const trimmed = key.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_KEY_LENGTH) {
    throw badUserInput(`idempotencyKey must be 1-${MAX_KEY_LENGTH} characters`, { field: 'idempotencyKey' });
  }
  return trimmed;
}

export interface SaleTotals {
  lines: Array<PricedLine & { lineTotal: string }>;
  total: string;
}

/** Line totals and the sale total, exact to the cent. */
export function saleTotals(lines: readonly PricedLine[]): SaleTotals {
  const withTotals = lines.map((line) => ({ ...line, lineTotal: lineTotal(line.unitPrice, line.quantity) }));
  return { lines: withTotals, total: sumMoney(withTotals.map((l) => l.lineTotal)) };
}

export interface SaleRequestIdentity {
  kind: 'RECORD_SALE' | 'CHECKOUT';
  storeId: string;
  lines: readonly LineRequest[];
  customerId: string | null;
  cartId: string | null;
}

/**
 * What a request asks for, as a hash: a reused idempotency key with another
 * fingerprint is a different request (CONFLICT). Line order does not matter.
 */
export function saleFingerprint(request: SaleRequestIdentity): string {
  const lines = [...request.lines].sort((a, b) => a.productId.localeCompare(b.productId)).map((l) => [l.productId.toLowerCase(), l.quantity]);
  const canonical = JSON.stringify([request.kind, request.storeId.toLowerCase(), request.customerId?.toLowerCase() ?? null, request.cartId?.toLowerCase() ?? null, lines]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** What catalog says about a product at sale time. */
export interface ProductPrice {
  name: string;
  price: string;
  active: boolean;
}

/**
 * Snapshots catalog's current prices on the lines: an unknown product is
 * NOT_FOUND, one no longer sold (inactive) is BAD_USER_INPUT.
 */
export function priceLines(lines: readonly LineRequest[], products: ReadonlyMap<string, ProductPrice>): PricedLine[] {
  return lines.map((line) => {
    const product = products.get(line.productId);
    if (!product) throw notFound(`Product ${line.productId} not found`, { productId: line.productId });
    if (!product.active) throw badUserInput(`${product.name} is no longer sold`, { productId: line.productId });
    if (!isMoney(product.price)) throw new Error(`catalog sent an invalid price for product ${line.productId}: ${JSON.stringify(product.price)}`);
    return { productId: line.productId, quantity: line.quantity, unitPrice: product.price };
  });
}
