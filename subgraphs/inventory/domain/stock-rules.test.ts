import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../platform/graphql/pagination.js';
import {
  decodeStockCursor,
  encodeStockCursor,
  isLowStock,
  MAX_QUANTITY,
  normalizeStockLines,
  validateDelta,
  validateQuantity,
  validateReason,
} from './stock-rules.js';
import { loadConfig } from '../../../platform/config/config.js';
import { inventorySettings } from './inventory-settings.js';
import { codeOf } from '../../../test/support/error-code.js';

const a = '9a000000-0000-4000-8000-000000000001';
const b = '9a000000-0000-4000-8000-000000000002';


describe('stock rules', () => {
  it('when a quantity is at or below the threshold of 5, then it is low stock; above, it is not', () => {
    const thresholds = inventorySettings(loadConfig({})).thresholds;
    expect(thresholds.low).toBe(5);
    expect([0, 5, 6].map((quantity) => isLowStock(quantity, thresholds))).toEqual([true, true, false]);
  });

  it.each([0, -1, 1.5, MAX_QUANTITY + 1, Number.NaN])('when a quantity is %s, then it is BAD_USER_INPUT', (quantity) => {
    expect(codeOf(() => validateQuantity(quantity))).toBe('BAD_USER_INPUT');
  });

  it('when a quantity is a positive whole number, then it is kept', () => {
    expect(validateQuantity(12)).toBe(12);
  });

  it.each([0, 2.5, -(MAX_QUANTITY + 1)])('when a delta is %s, then it is BAD_USER_INPUT', (delta) => {
    expect(codeOf(() => validateDelta(delta))).toBe('BAD_USER_INPUT');
  });

  it('when a delta is negative or positive, then it is kept', () => {
    expect([validateDelta(-3), validateDelta(7)]).toEqual([-3, 7]);
  });

  it('when a reason is blank, then it is BAD_USER_INPUT; otherwise it is trimmed', () => {
    expect(codeOf(() => validateReason('   '))).toBe('BAD_USER_INPUT');
    expect(validateReason('  Damaged  ')).toBe('Damaged');
  });

  it('when lines repeat a product, then they are merged and sorted by product id', () => {
    expect(normalizeStockLines([{ productId: b, quantity: 1 }, { productId: a, quantity: 2 }, { productId: b.toUpperCase(), quantity: 3 }])).toEqual([
      { productId: a, quantity: 2 },
      { productId: b, quantity: 4 },
    ]);
  });

  it.each([
    ['no lines', [], 'BAD_USER_INPUT'],
    ['a zero quantity next to a good line', [{ productId: a, quantity: 1 }, { productId: b, quantity: 0 }], 'BAD_USER_INPUT'],
    ['a negative quantity', [{ productId: a, quantity: -2 }], 'BAD_USER_INPUT'],
    ['a product id that is no UUID', [{ productId: 'nope', quantity: 1 }], 'NOT_FOUND'],
  ])('when lines have %s, then it is %s', (_, lines, code) => {
    expect(codeOf(() => normalizeStockLines(lines))).toBe(code);
  });

  it('when merged lines exceed the maximum quantity, then it is BAD_USER_INPUT', () => {
    expect(codeOf(() => normalizeStockLines([{ productId: a, quantity: MAX_QUANTITY }, { productId: a, quantity: 1 }]))).toBe('BAD_USER_INPUT');
  });

  it('when a stock cursor round-trips, then the keyset position of its row comes back', () => {
    const level = { locationId: b, productId: a, productName: 'Tea', quantity: 4, updatedAt: new Date() };
    expect(decodeStockCursor(encodeStockCursor(level, 'QUANTITY_DESC'), 'QUANTITY_DESC')).toEqual({ quantity: 4, productName: 'Tea', productId: a });
    expect(decodeStockCursor(null, 'PRODUCT_NAME')).toBeUndefined();
  });

  it('when a cursor of another ordering or a forged one is used, then it is BAD_USER_INPUT', () => {
    const level = { locationId: b, productId: a, productName: 'Tea', quantity: 4, updatedAt: new Date() };
    expect(codeOf(() => decodeStockCursor(encodeStockCursor(level, 'PRODUCT_NAME'), 'QUANTITY_ASC'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => decodeStockCursor(encodeCursor({ o: 'PRODUCT_NAME', q: 'x', n: 'Tea', p: a }), 'PRODUCT_NAME'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => decodeStockCursor('garbage', 'PRODUCT_NAME'))).toBe('BAD_USER_INPUT');
  });
});
