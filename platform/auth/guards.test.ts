import { describe, expect, it } from 'vitest';
import { requireRole, requireService, requireStoreAccess } from './guards.js';
import { codeOf as codeOfThrown } from '../../test/support/error-code.js';
import { customerViewer, serviceViewer, staffViewer } from '../../test/support/viewers.js';

const clerk1 = staffViewer('c1', 'CLERK', 'store-1');
const admin = staffViewer('a', 'HQ_ADMIN');
const customer = customerViewer('cu');
const service = serviceViewer('sales');

const codeOf = (run: () => unknown) => codeOfThrown(run) ?? 'allowed';

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
