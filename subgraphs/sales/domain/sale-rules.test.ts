import { describe, expect, it } from 'vitest';
import { lineTotal, sumMoney } from './money.js';
import { normaliseIdempotencyKey, normaliseLines, priceLines, saleFingerprint, saleTotals } from './sale-rules.js';
import { codeOf } from '../../../test/support/error-code.js';

const A = '9a000000-0000-4000-8000-000000000001';
const B = '9a000000-0000-4000-8000-000000000002';
const STORE = '51000000-0000-4000-8000-000000000001';


describe('sale line rules', () => {
  it('when the same product appears twice, then its lines are merged in first-seen order', () => {
    expect(normaliseLines([{ productId: B, quantity: 1 }, { productId: A, quantity: 2 }, { productId: B.toUpperCase(), quantity: 3 }])).toEqual([
      { productId: B, quantity: 4 },
      { productId: A, quantity: 2 },
    ]);
  });

  it.each([
    ['no lines', []],
    ['a zero quantity', [{ productId: A, quantity: 0 }]],
    ['a negative quantity', [{ productId: A, quantity: -1 }]],
    ['a fractional quantity', [{ productId: A, quantity: 1.5 }]],
    ['a huge quantity', [{ productId: A, quantity: 1e9 }]],
    ['a good and a bad line', [{ productId: A, quantity: 1 }, { productId: B, quantity: -1 }]],
  ])('when a sale has %s, then it is BAD_USER_INPUT', (_, lines) => {
    expect(codeOf(() => normaliseLines(lines))).toBe('BAD_USER_INPUT');
  });

  it('when a product id is not a UUID, then it is NOT_FOUND', () => {
    expect(codeOf(() => normaliseLines([{ productId: 'sku-1', quantity: 1 }]))).toBe('NOT_FOUND');
  });

  it('when an idempotency key is blank, then BAD_USER_INPUT; when absent, then null; otherwise trimmed', () => {
    expect(codeOf(() => normaliseIdempotencyKey('   '))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => normaliseIdempotencyKey('x'.repeat(201)))).toBe('BAD_USER_INPUT');
    expect(normaliseIdempotencyKey(null)).toBeNull();
    expect(normaliseIdempotencyKey(' k-1 ')).toBe('k-1');
  });
});

describe('exact money', () => {
  it('when prices that are inexact as floats are added, then the total is exact to the cent', () => {
    // 0.1 + 0.2 !== 0.3 in floating point; 3 × 1.15 = 3.4499999… as a float.
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(lineTotal('1.15', 3)).toBe('3.45');
    const totals = saleTotals([
      { productId: A, quantity: 3, unitPrice: '1.15' },
      { productId: B, quantity: 7, unitPrice: '0.10' },
    ]);
    expect(totals.lines.map((l) => l.lineTotal)).toEqual(['3.45', '0.70']);
    expect(totals.total).toBe('4.15');
  });

  it('when many small lines are summed, then no cent is lost', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ productId: `${i}`, quantity: 1, unitPrice: '0.01' }));
    expect(saleTotals(lines).total).toBe('1.00');
  });
});

describe('pricing from catalog', () => {
  const catalog = new Map([
    [A, { name: 'Tea', price: '2.49', active: true }],
    [B, { name: 'Old tea', price: '1.00', active: false }],
  ]);

  it('when every product is sold, then lines carry the catalog price', () => {
    expect(priceLines([{ productId: A, quantity: 2 }], catalog)).toEqual([{ productId: A, quantity: 2, unitPrice: '2.49' }]);
  });

  it('when a product is unknown, then NOT_FOUND; when it is no longer sold, then BAD_USER_INPUT', () => {
    expect(codeOf(() => priceLines([{ productId: '9a000000-0000-4000-8000-000000000999', quantity: 1 }], catalog))).toBe('NOT_FOUND');
    expect(codeOf(() => priceLines([{ productId: B, quantity: 1 }], catalog))).toBe('BAD_USER_INPUT');
  });

  it('when catalog sends something that is not a price, then it is an internal error, not a client one', () => {
    const broken = new Map([[A, { name: 'Tea', price: '2.499', active: true }]]);
    expect(codeOf(() => priceLines([{ productId: A, quantity: 1 }], broken))).toBe('NOT_A_DOMAIN_ERROR');
  });
});

describe('request fingerprints', () => {
  const base = { kind: 'RECORD_SALE' as const, storeId: STORE, customerId: null, cartId: null, lines: [{ productId: A, quantity: 1 }, { productId: B, quantity: 2 }] };

  it('when the same lines come in another order, then the fingerprint is the same', () => {
    expect(saleFingerprint({ ...base, lines: [...base.lines].reverse() })).toBe(saleFingerprint(base));
  });

  it.each([
    ['another quantity', { lines: [{ productId: A, quantity: 2 }, { productId: B, quantity: 2 }] }],
    ['another store', { storeId: '51000000-0000-4000-8000-000000000002' }],
    ['a customer', { customerId: 'c0000000-0000-4000-8000-000000000001' }],
    ['another kind', { kind: 'CHECKOUT' as const }],
    ['a cart', { cartId: 'ca000000-0000-4000-8000-000000000001' }],
  ])('when a request differs by %s, then the fingerprint differs', (_, change) => {
    expect(saleFingerprint({ ...base, ...change })).not.toBe(saleFingerprint(base));
  });
});
