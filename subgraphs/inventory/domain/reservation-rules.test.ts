import { describe, expect, it } from 'vitest';
import type { Reservation } from './inventory.js';
import { assertCommittable, assertReleasable, isTombstone, reservationExpiry } from './reservation-rules.js';
import { codeOf } from '../../../test/support/error-code.js';

const reservation = (status: Reservation['status'], locationId: string | null = 'l1'): Reservation => ({ id: 'r1', locationId, status, expiresAt: new Date() });


describe('reservation rules', () => {
  it('when a reservation is made, then it expires the TTL later', () => {
    expect(reservationExpiry(new Date('2026-01-01T00:00:00Z'), 900).toISOString()).toBe('2026-01-01T00:15:00.000Z');
  });

  it('when a released reservation is committed, then CONFLICT; held or committed ones may be committed', () => {
    expect(codeOf(() => assertCommittable(reservation('RELEASED')))).toBe('CONFLICT');
    expect(codeOf(() => assertCommittable(reservation('HELD')))).toBeUndefined();
    expect(codeOf(() => assertCommittable(reservation('COMMITTED')))).toBeUndefined();
  });

  it('when a committed reservation is released, then CONFLICT; released ones may be released again', () => {
    expect(codeOf(() => assertReleasable(reservation('COMMITTED')))).toBe('CONFLICT');
    expect(codeOf(() => assertReleasable(reservation('RELEASED')))).toBeUndefined();
  });

  it('when a released reservation has no location, then it is a tombstone; a real released one is not', () => {
    expect(isTombstone(reservation('RELEASED', null))).toBe(true);
    expect(isTombstone(reservation('RELEASED'))).toBe(false);
    expect(isTombstone(reservation('HELD'))).toBe(false);
  });
});
