import { describe, expect, it } from 'vitest';
import type { ReplenishmentRequest } from './inventory.js';
import { assertPending, normalizeRejectionReason, replenishmentReadScope } from './replenishment-rules.js';
import { codeOf } from '../../../test/support/error-code.js';
import { customerViewer, serviceViewer, staffViewer } from '../../../test/support/viewers.js';

const store1 = '51000000-0000-4000-8000-000000000001';
const store2 = '51000000-0000-4000-8000-000000000002';
const clerk1 = staffViewer('u1', 'CLERK', store1);
const logistics = staffViewer('u2', 'LOGISTICS');
const admin = staffViewer('u3', 'HQ_ADMIN');
const customer = customerViewer('c1');
const service = serviceViewer('sales');


const request = (status: ReplenishmentRequest['status']): ReplenishmentRequest => ({
  id: 'r1',
  storeId: store1,
  productId: 'p1',
  quantity: 3,
  status,
  requestedBy: 'u1',
  requestedAt: new Date(),
  decidedBy: null,
  decidedAt: null,
  reason: null,
});

describe('replenishment rules', () => {
  it('when store staff list requests, then they are limited to their own store, with or without asking for it', () => {
    expect(replenishmentReadScope(clerk1, undefined)).toEqual({ storeId: store1 });
    expect(replenishmentReadScope(clerk1, store1)).toEqual({ storeId: store1 });
  });

  it('when store staff ask for another store, then FORBIDDEN', () => {
    expect(codeOf(() => replenishmentReadScope(clerk1, store2))).toBe('FORBIDDEN');
  });

  it('when logistics or head office list requests, then every store is visible, or the one asked for', () => {
    expect(replenishmentReadScope(logistics, null)).toEqual({});
    expect(replenishmentReadScope(admin, store2)).toEqual({ storeId: store2 });
  });

  it('when nobody is signed in, then UNAUTHENTICATED; a customer or a service, FORBIDDEN', () => {
    expect(codeOf(() => replenishmentReadScope(null, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => replenishmentReadScope(customer, null))).toBe('FORBIDDEN');
    expect(codeOf(() => replenishmentReadScope(service, null))).toBe('FORBIDDEN');
  });

  it('when a request was already decided, then deciding it is CONFLICT; a pending one passes', () => {
    expect(codeOf(() => assertPending(request('APPROVED')))).toBe('CONFLICT');
    expect(codeOf(() => assertPending(request('REJECTED')))).toBe('CONFLICT');
    expect(codeOf(() => assertPending(request('PENDING')))).toBeUndefined();
  });

  it('when a rejection reason is blank or absent, then it is null; otherwise trimmed', () => {
    expect([normalizeRejectionReason('  '), normalizeRejectionReason(null), normalizeRejectionReason(' Seasonal ')]).toEqual([null, null, 'Seasonal']);
  });
});
