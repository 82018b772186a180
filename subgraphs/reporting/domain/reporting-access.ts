import { requireRole, requireStoreAccess } from '../../../platform/auth/guards.js';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { forbidden } from '../../../platform/errors/domain-error.js';

/** Consolidated figures (sales report, dashboard, units per product): head office only. */
export function requireHeadOffice(viewer: Viewer | null): Viewer {
  return requireRole(viewer, ['HQ_ADMIN']);
}

/** A store's revenue: head office, or the manager of that store. */
export function requireStoreRevenueAccess(viewer: Viewer | null, storeId: string): Viewer {
  return requireStoreAccess(viewer, ['HQ_ADMIN', 'STORE_MANAGER'], storeId);
}

/**
 * Stock alerts: head office and logistics see any store's; a store manager
 * sees their own store's (the default when no store is named). Returns the
 * store to filter on, or undefined for every store.
 */
export function stockAlertScope(viewer: Viewer | null, storeId: string | null | undefined): string | undefined {
  const v = requireRole(viewer, ['HQ_ADMIN', 'LOGISTICS', 'STORE_MANAGER']);
  if (v.role !== 'STORE_MANAGER') return storeId ?? undefined;
  if (!v.storeId) throw forbidden('A store manager must belong to a store');
  if (storeId && storeId.toLowerCase() !== v.storeId.toLowerCase()) throw forbidden('Store managers see the alerts of their own store only');
  return v.storeId;
}
