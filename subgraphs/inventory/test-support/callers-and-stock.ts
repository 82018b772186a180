/**
 * Helpers of the inventory tests (not a test file itself): hand-made request
 * contexts for each kind of caller, error-code assertions and stock setup
 * through the use cases, so that the ledger stays consistent.
 */
import { expect } from 'vitest';
import type { Role, Viewer } from '../../../platform/auth/viewer.js';
import { demoProducts, demoStores, demoWarehouse } from '../../../demo/demo-dataset.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createContext, type Context } from '../context.js';
import { settings } from './settings.js';
import { findStockLevel } from '../data-access/stock.repository.js';
import { adjustStock } from '../domain/adjust-stock.use-case.js';

const logger = createLogger('inventory-test');

export const storeId = (n: 1 | 2 | 3 | 4 | 5): string => demoStores[n - 1]!.id;
export const warehouseId = demoWarehouse.id;
export const productId = (index: number): string => demoProducts[index]!.id;
export const unknownId = '00000000-0000-4000-8000-00000000dead';

const staff = (role: Exclude<Role, 'CUSTOMER'>, store: string | null, id = `staff-${role.toLowerCase()}`): Viewer => ({ kind: 'staff', id, role, storeId: store });

export const viewers = {
  anonymous: null,
  service: { kind: 'service', id: 'service:sales', role: null, storeId: null } as Viewer,
  customer: { kind: 'customer', id: 'customer-1', role: 'CUSTOMER', storeId: null } as Viewer,
  admin: staff('HQ_ADMIN', null),
  logistics: staff('LOGISTICS', null),
  manager: (store: string) => staff('STORE_MANAGER', store, `manager-${store.slice(-2)}`),
  clerk: (store: string) => staff('CLERK', store, `clerk-${store.slice(-2)}`),
} as const;

/** A fresh request context (own DataLoaders) for a caller. */
export function contextFor(viewer: Viewer | null): Context {
  return createContext({ viewer, logger }, settings);
}

/** The extensions.code a promise rejects with (fails the test when it resolves). */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code ?? `not a coded error: ${String(error)}`;
  }
  expect.unreachable('expected the call to fail');
  return '';
}

export async function quantityAt(locationId: string, product: string): Promise<number | null> {
  return (await findStockLevel(locationId, product))?.quantity ?? null;
}

/** Brings a level to `target` units with an HQ adjustment (so the ledger stays right). */
export async function setQuantity(locationId: string, product: string, target: number): Promise<void> {
  const delta = target - ((await quantityAt(locationId, product)) ?? 0);
  if (delta !== 0) await adjustStock(contextFor(viewers.admin), { storeId: locationId, productId: product, delta, reason: 'test setup' });
}
