import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { compareMoney, fromCents, negate, sumMoney, toCents } from './money.js';
import { addDays, dayOf, daysEnding, nextDayStart, secondsLeftInDay, validateDays, validateLimit, validateWindow } from './report-rules.js';
import { requireHeadOffice, requireStoreRevenueAccess, stockAlertScope } from './reporting-access.js';
import { codeOf } from '../../../test/support/error-code.js';


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

  it('when a report day ends, then the next starts at its local midnight, on days of 23 and 25 hours (daylight saving) too', () => {
    expect(new Date(nextDayStart('2026-11-01', 'UTC')).toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(new Date(nextDayStart('2026-11-01', 'Europe/Berlin')).toISOString()).toBe('2026-11-01T23:00:00.000Z');
    expect(new Date(nextDayStart('2026-03-28', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    // 2026-03-29 has 23 hours in Berlin, 2026-10-25 has 25.
    expect(new Date(nextDayStart('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(nextDayStart('2026-10-25', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(new Date(nextDayStart('2026-12-31', 'Pacific/Kiritimati')).toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(secondsLeftInDay('2026-11-01', 'UTC', new Date('2026-11-01T23:59:30.250Z'))).toBe(29.75);
    expect(secondsLeftInDay('2026-11-01', 'UTC', new Date('2026-11-02T00:00:01Z'))).toBe(-1);
  });

  it('when a limit of best sellers is given, then 0 to 100 is kept, none takes the default, anything else is BAD_USER_INPUT', () => {
    expect(validateLimit(0, 10)).toBe(0);
    expect(validateLimit(100, 10)).toBe(100);
    expect(validateLimit(null, 3)).toBe(3);
    expect(validateLimit(undefined, 10)).toBe(10);
    for (const bad of [-1, 101, 1000, 2.5]) expect(codeOf(() => validateLimit(bad, 10))).toBe('BAD_USER_INPUT');
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
