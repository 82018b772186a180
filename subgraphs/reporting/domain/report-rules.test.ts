import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { compareMoney, fromCents, negate, sumMoney, toCents } from './money.js';
import { addDays, compareProducts, dayOf, daysEnding, topOf, validateDays, validateWindow } from './report-rules.js';
import { requireHeadOffice, requireStoreRevenueAccess, stockAlertScope } from './reporting-access.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

const staff = (role: 'HQ_ADMIN' | 'LOGISTICS' | 'STORE_MANAGER' | 'CLERK', storeId: string | null = null): Viewer => ({ kind: 'staff', id: `u-${role}`, role, storeId });
const S1 = '51000000-0000-4000-8000-000000000001';
const S2 = '51000000-0000-4000-8000-000000000002';

describe('money', () => {
  it('when amounts are summed, negated and compared, then the result is exact to the cent (no float drift)', () => {
    expect(sumMoney(['0.10', '0.20', '0.30'])).toBe('0.60');
    expect(sumMoney(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
    expect(sumMoney(['5.00', '-7.25'])).toBe('-2.25');
    expect(negate('3.5')).toBe('-3.50');
    expect(fromCents(toCents('-0.05'))).toBe('-0.05');
    expect(sumMoney([])).toBe('0.00');
    expect([compareMoney('10.00', '9.99'), compareMoney('1', '1.00'), compareMoney('-1.00', '0')]).toEqual([1, 0, -1]);
  });
});

describe('report rules', () => {
  it('when a window ends before or where it starts, then BAD_USER_INPUT', () => {
    const t = new Date('2026-11-01T00:00:00Z');
    expect(codeOf(() => validateWindow(t, t))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateWindow(new Date(t.getTime() + 1), t))).toBe('BAD_USER_INPUT');
    expect(validateWindow(t, new Date(t.getTime() + 1))).toEqual({ from: t, to: new Date(t.getTime() + 1) });
  });

  it.each([0, -1, 367, 2.5])('when %s days are asked for, then BAD_USER_INPUT', (days) => {
    expect(codeOf(() => validateDays(days))).toBe('BAD_USER_INPUT');
  });

  it('when days are counted in a time zone, then the calendar day follows that zone and series end on the given day', () => {
    const instant = new Date('2026-11-01T23:30:00Z');
    expect(dayOf(instant, 'UTC')).toBe('2026-11-01');
    expect(dayOf(instant, 'Europe/Berlin')).toBe('2026-11-02');
    expect(dayOf(instant, 'America/New_York')).toBe('2026-11-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysEnding('2026-01-02', 3)).toEqual(['2025-12-31', '2026-01-01', '2026-01-02']);
  });

  it('when products are ranked, then more units first, then more revenue, then by id; limits are validated', () => {
    const ranked = [
      { productId: 'b', unitsSold: 2, revenue: '5.00' },
      { productId: 'a', unitsSold: 2, revenue: '5.00' },
      { productId: 'c', unitsSold: 2, revenue: '9.00' },
      { productId: 'd', unitsSold: 7, revenue: '1.00' },
    ].sort(compareProducts);
    expect(ranked.map((p) => p.productId)).toEqual(['d', 'c', 'a', 'b']);
    expect(topOf(ranked, 2, 10).map((p) => p.productId)).toEqual(['d', 'c']);
    expect(topOf(ranked, null, 3)).toHaveLength(3);
    expect(codeOf(() => topOf(ranked, -1, 3))).toBe('BAD_USER_INPUT');
  });
});

describe('who sees which figures', () => {
  it('when anyone but head office asks for consolidated figures, then UNAUTHENTICATED or FORBIDDEN', () => {
    expect(codeOf(() => requireHeadOffice(null))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireHeadOffice(staff('LOGISTICS')))).toBe('FORBIDDEN');
    expect(codeOf(() => requireHeadOffice(staff('STORE_MANAGER', S1)))).toBe('FORBIDDEN');
    expect(codeOf(() => requireHeadOffice(staff('HQ_ADMIN')))).toBeUndefined();
  });

  it('when a store revenue is asked for, then head office and that store\'s manager only', () => {
    expect(codeOf(() => requireStoreRevenueAccess(staff('HQ_ADMIN'), S2))).toBeUndefined();
    expect(codeOf(() => requireStoreRevenueAccess(staff('STORE_MANAGER', S1), S1))).toBeUndefined();
    expect(codeOf(() => requireStoreRevenueAccess(staff('STORE_MANAGER', S1), S2))).toBe('FORBIDDEN');
    expect(codeOf(() => requireStoreRevenueAccess(staff('CLERK', S1), S1))).toBe('FORBIDDEN');
    expect(codeOf(() => requireStoreRevenueAccess({ kind: 'customer', id: 'c', role: 'CUSTOMER', storeId: null }, S1))).toBe('FORBIDDEN');
  });

  it('when stock alerts are asked for, then head office and logistics see any store, a manager their own (by default), others nothing', () => {
    expect(stockAlertScope(staff('HQ_ADMIN'), null)).toBeUndefined();
    expect(stockAlertScope(staff('LOGISTICS'), S2)).toBe(S2);
    expect(stockAlertScope(staff('STORE_MANAGER', S1), null)).toBe(S1);
    expect(stockAlertScope(staff('STORE_MANAGER', S1), S1.toUpperCase())).toBe(S1);
    expect(codeOf(() => stockAlertScope(staff('STORE_MANAGER', S1), S2))).toBe('FORBIDDEN');
    expect(codeOf(() => stockAlertScope(staff('CLERK', S1), S1))).toBe('FORBIDDEN');
    expect(codeOf(() => stockAlertScope(null, null))).toBe('UNAUTHENTICATED');
  });
});
