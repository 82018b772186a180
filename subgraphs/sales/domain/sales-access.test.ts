import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { requireCartOwner, requireSaleReader, requireStoreStaff } from './sales-access.js';
import { codeOf as codeOfThrown } from '../../../test/support/error-code.js';
import { customerViewer, serviceViewer, staffViewer } from '../../../test/support/viewers.js';

const S1 = '51000000-0000-4000-8000-000000000001';
const S2 = '51000000-0000-4000-8000-000000000002';
const clerk1 = staffViewer('u-clerk1', 'CLERK', S1);
const manager1 = staffViewer('u-manager1', 'STORE_MANAGER', S1);
const admin = staffViewer('u-admin', 'HQ_ADMIN');
const logistics = staffViewer('u-log', 'LOGISTICS');
const customer = customerViewer('c0000000-0000-4000-8000-000000000001');
const service = serviceViewer('inventory');

const codeOf = (run: () => unknown) => codeOfThrown(run) ?? 'ALLOWED';

describe('who may act on a store sales', () => {
  it.each([
    ['its clerk', clerk1, S1, 'ALLOWED'],
    ['its manager', manager1, S1, 'ALLOWED'],
    ['head office', admin, S2, 'ALLOWED'],
    ['a clerk of another store', clerk1, S2, 'FORBIDDEN'],
    ['logistics', logistics, S1, 'FORBIDDEN'],
    ['a customer', customer, S1, 'FORBIDDEN'],
    ['another subgraph', service, S1, 'FORBIDDEN'],
    ['nobody', null, S1, 'UNAUTHENTICATED'],
  ])('when %s records or reads sales of a store, then %s', (_, viewer, store, expected) => {
    expect(codeOf(() => requireStoreStaff(viewer, store))).toBe(expected);
  });
});

describe('who may read a sale', () => {
  const sale = { storeId: S1, customerId: customer.id };

  it.each([
    ['staff of its store', clerk1, 'ALLOWED'],
    ['head office', admin, 'ALLOWED'],
    ['the customer who bought', customer, 'ALLOWED'],
    ['another customer', { ...customer, id: 'c0000000-0000-4000-8000-000000000002' } as Viewer, 'FORBIDDEN'],
    ['a clerk of another store', { ...clerk1, storeId: S2 } as Viewer, 'FORBIDDEN'],
    ['nobody', null, 'UNAUTHENTICATED'],
  ])('when %s reads it, then %s', (_, viewer, expected) => {
    expect(codeOf(() => requireSaleReader(viewer, sale))).toBe(expected);
  });

  it('when a sale has no customer, then no customer may read it', () => {
    expect(codeOf(() => requireSaleReader(customer, { storeId: S1, customerId: null }))).toBe('FORBIDDEN');
  });
});

describe('who may use a cart', () => {
  it('when the owner uses it, then allowed; anyone else, FORBIDDEN; nobody, UNAUTHENTICATED', () => {
    const cart = { ownerId: customer.id };
    expect(codeOf(() => requireCartOwner(customer, cart))).toBe('ALLOWED');
    expect(codeOf(() => requireCartOwner(admin, cart))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCartOwner(null, cart))).toBe('UNAUTHENTICATED');
  });
});
