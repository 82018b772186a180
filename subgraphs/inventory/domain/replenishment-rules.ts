import { requireRole } from '../../../platform/auth/guards.js';
import type { Role, Viewer } from '../../../platform/auth/viewer.js';
import { conflict, forbidden } from '../../../platform/errors/domain-error.js';
import type { ReplenishmentRequest } from './inventory.js';

/** Who may ask the warehouse for stock for a store (store staff only for their own store). */
export const REQUESTER_ROLES: readonly Role[] = ['CLERK', 'STORE_MANAGER', 'HQ_ADMIN'];
/** Who decides replenishment requests. */
export const DECIDER_ROLES: readonly Role[] = ['LOGISTICS', 'HQ_ADMIN'];
/** Who may read replenishment requests. */
export const READER_ROLES: readonly Role[] = ['CLERK', 'STORE_MANAGER', 'LOGISTICS', 'HQ_ADMIN'];

/**
 * The store filter a viewer may read requests with: HQ_ADMIN and staff not
 * bound to a store (logistics) see every store, or the one asked for; staff
 * bound to a store see only theirs, and asking for another is FORBIDDEN.
 * Anonymous → UNAUTHENTICATED, customers → FORBIDDEN.
 */
export function replenishmentReadScope(viewer: Viewer | null, storeId: string | null | undefined): { storeId?: string } {
  const v = requireRole(viewer, READER_ROLES);
  if (v.kind === 'staff' && v.role !== 'HQ_ADMIN' && v.storeId !== null) {
    if (storeId != null && storeId !== v.storeId) throw forbidden('Staff may see only their own store’s requests');
    return { storeId: v.storeId };
  }
  return storeId != null ? { storeId } : {};
}

/** Only a PENDING request can be decided; deciding twice is CONFLICT. */
export function assertPending(request: ReplenishmentRequest): void {
  if (request.status !== 'PENDING') {
    throw conflict(`Replenishment request ${request.id} was already ${request.status.toLowerCase()}`, { status: request.status });
  }
}

/** Optional rejection reason: trimmed, empty means none, at most 500 characters. */
export function normalizeRejectionReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim().slice(0, 500);
  return trimmed ? trimmed : null;
}
