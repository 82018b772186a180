import { describe, expect, it } from 'vitest';
import { requireRole, requireService, requireStoreAccess } from './guards.js';
import type { Viewer } from './viewer.js';

const clerk1: Viewer = { kind: 'staff', id: 'c1', role: 'CLERK', storeId: 'store-1' };
const admin: Viewer = { kind: 'staff', id: 'a', role: 'HQ_ADMIN', storeId: null };
const customer: Viewer = { kind: 'customer', id: 'cu', role: 'CUSTOMER', storeId: null };
const service: Viewer = { kind: 'service', id: 'service:sales', role: null, storeId: null };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

describe('guards', () => {
  it('when nobody is signed in, then UNAUTHENTICATED', () => {
    expect(codeOf(() => requireRole(null, ['CLERK']))).toBe('UNAUTHENTICATED');
  });

  it('when the role does not match, then FORBIDDEN', () => {
    expect(codeOf(() => requireRole(customer, ['CLERK']))).toBe('FORBIDDEN');
    expect(codeOf(() => requireRole(service, ['HQ_ADMIN']))).toBe('FORBIDDEN');
  });

  it('when store staff act on another store, then FORBIDDEN; on their own, allowed', () => {
    expect(codeOf(() => requireStoreAccess(clerk1, ['CLERK'], 'store-2'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireStoreAccess(clerk1, ['CLERK'], 'store-1'))).toBe('allowed');
  });

  it('when head office acts on any store, then allowed', () => {
    expect(codeOf(() => requireStoreAccess(admin, ['CLERK', 'HQ_ADMIN'], 'store-2'))).toBe('allowed');
  });

  it('when a person calls an internal operation, then FORBIDDEN; a service is allowed', () => {
    expect(codeOf(() => requireService(admin))).toBe('FORBIDDEN');
    expect(codeOf(() => requireService(service))).toBe('allowed');
  });
});
