import { describe, expect, it } from 'vitest';
import { normaliseReason, normaliseReturnLines, planReturn } from './return-rules.js';
import type { SaleLine } from './sale.js';
import { codeOf } from '../../../test/support/error-code.js';

const A = '9a000000-0000-4000-8000-000000000001';
const B = '9a000000-0000-4000-8000-000000000002';
const sold = (quantity: number, returnedQuantity: number, productId = A, unitPrice = '1.15'): SaleLine => ({
  productId,
  quantity,
  returnedQuantity,
  unitPrice,
  lineTotal: '0.00',
});


describe('return rules', () => {
  it('when no lines are given, then everything that remains is returned and the sale becomes RETURNED', () => {
    const plan = planReturn([sold(3, 1), sold(2, 0, B, '0.10')], null);
    expect(plan.lines).toEqual([
      { productId: A, quantity: 2, unitPrice: '1.15', lineTotal: '2.30' },
      { productId: B, quantity: 2, unitPrice: '0.10', lineTotal: '0.20' },
    ]);
    expect(plan.refund).toBe('2.50');
    expect(plan.saleStatus).toBe('RETURNED');
  });

  it('when part of a line is returned, then the refund is at the sale price and the sale is PARTIALLY_RETURNED', () => {
    const plan = planReturn([sold(3, 0), sold(1, 0, B)], [{ productId: A, quantity: 3 }]);
    expect(plan.refund).toBe('3.45');
    expect(plan.saleStatus).toBe('PARTIALLY_RETURNED');
  });

  it('when the last remaining units are returned line by line, then the sale becomes RETURNED', () => {
    expect(planReturn([sold(3, 2), sold(1, 1, B)], [{ productId: A, quantity: 1 }]).saleStatus).toBe('RETURNED');
  });

  it('when more is returned than sold minus already returned, then CONFLICT', () => {
    expect(codeOf(() => planReturn([sold(3, 2)], [{ productId: A, quantity: 2 }]))).toBe('CONFLICT');
  });

  it('when a product not on the sale is returned, then CONFLICT', () => {
    expect(codeOf(() => planReturn([sold(3, 0)], [{ productId: B, quantity: 1 }]))).toBe('CONFLICT');
  });

  it('when everything was already returned and no lines are given, then CONFLICT', () => {
    expect(codeOf(() => planReturn([sold(3, 3)], null))).toBe('CONFLICT');
  });

  it('when return lines repeat a product, then they are merged; an empty list or zero quantity is BAD_USER_INPUT', () => {
    expect(normaliseReturnLines([{ productId: A, quantity: 1 }, { productId: A, quantity: 2 }])).toEqual([{ productId: A, quantity: 3 }]);
    expect(normaliseReturnLines(undefined)).toBeNull();
    expect(codeOf(() => normaliseReturnLines([]))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => normaliseReturnLines([{ productId: A, quantity: 0 }]))).toBe('BAD_USER_INPUT');
  });

  it('when a reason is blank, then it is dropped; when too long, then BAD_USER_INPUT', () => {
    expect(normaliseReason('  ')).toBeNull();
    expect(normaliseReason(' Dented ')).toBe('Dented');
    expect(codeOf(() => normaliseReason('x'.repeat(501)))).toBe('BAD_USER_INPUT');
  });
});
