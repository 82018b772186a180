import { badUserInput, conflict } from '../../../platform/errors/domain-error.js';
import { lineTotal, sumMoney } from './money.js';
import type { LineRequest, SaleLine, SaleStatus } from './sale.js';
import { requirePositiveQuantity } from './sale-rules.js';

const MAX_REASON_LENGTH = 500;

/**
 * The lines a clerk wants to take back: null means "all that remains";
 * an empty list or a non-positive quantity is BAD_USER_INPUT. Lines of the
 * same product are merged.
 */
export function normaliseReturnLines(lines: readonly LineRequest[] | null | undefined): LineRequest[] | null {
  if (lines == null) return null;
  if (lines.length === 0) throw badUserInput('Give at least one line, or none to return all that remains', { field: 'lines' });
  const merged = new Map<string, LineRequest>();
  lines.forEach((line, index) => {
    const quantity = requirePositiveQuantity(line.quantity, `lines[${index}].quantity`);
    const productId = line.productId.toLowerCase();
    const existing = merged.get(productId);
    if (existing) existing.quantity += quantity;
    else merged.set(productId, { productId, quantity });
  });
  return [...merged.values()];
}

export function normaliseReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_REASON_LENGTH) throw badUserInput(`reason must be at most ${MAX_REASON_LENGTH} characters`, { field: 'reason' });
  return trimmed;
}

export interface ReturnPlan {
  lines: Array<{ productId: string; quantity: number; unitPrice: string; lineTotal: string }>;
  /** At the sale's unit prices, exact. */
  refund: string;
  /** The sale's status once this return is applied. */
  saleStatus: Exclude<SaleStatus, 'COMPLETED'>;
}

/**
 * What a return takes back from a sale whose lines are as given (read under
 * a row lock). Returning a product not on the sale, more than was sold minus
 * what was already returned, or anything from a fully returned sale is
 * CONFLICT.
 */
export function planReturn(saleLines: readonly SaleLine[], requested: readonly LineRequest[] | null): ReturnPlan {
  const remainingOf = (line: SaleLine) => line.quantity - line.returnedQuantity;
  const byProduct = new Map(saleLines.map((line) => [line.productId.toLowerCase(), line]));
  const wanted = requested ?? saleLines.filter((line) => remainingOf(line) > 0).map((line) => ({ productId: line.productId, quantity: remainingOf(line) }));
  if (wanted.length === 0) throw conflict('Everything on this sale has already been returned');

  const lines = wanted.map(({ productId, quantity }) => {
    const saleLine = byProduct.get(productId.toLowerCase());
    if (!saleLine) throw conflict(`Product ${productId} is not on this sale`, { productId });
    const remaining = remainingOf(saleLine);
    if (quantity > remaining) {
      throw conflict(`Only ${remaining} of product ${productId} can still be returned`, { productId, remaining });
    }
    return { productId: saleLine.productId, quantity, unitPrice: saleLine.unitPrice, lineTotal: lineTotal(saleLine.unitPrice, quantity) };
  });

  const returning = new Map(lines.map((l) => [l.productId, l.quantity]));
  const everythingBack = saleLines.every((line) => line.returnedQuantity + (returning.get(line.productId) ?? 0) === line.quantity);
  return { lines, refund: sumMoney(lines.map((l) => l.lineTotal)), saleStatus: everythingBack ? 'RETURNED' : 'PARTIALLY_RETURNED' };
}
