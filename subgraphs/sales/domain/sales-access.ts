import { requireRole, requireViewer } from '../../../platform/auth/guards.js';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { forbidden } from '../../../platform/errors/domain-error.js';

const STORE_STAFF = ['CLERK', 'STORE_MANAGER', 'HQ_ADMIN'] as const;

/** True when the viewer works the till of that store, or is head office. */
export function isStaffOf(viewer: Viewer, storeId: string): boolean {
  if (viewer.kind !== 'staff') return false;
  if (viewer.role === 'HQ_ADMIN') return true;
  return (viewer.role === 'CLERK' || viewer.role === 'STORE_MANAGER') && viewer.storeId !== null && viewer.storeId.toLowerCase() === storeId.toLowerCase();
}

/** Sells, takes returns and reads the history of a store: its CLERK or STORE_MANAGER, or HQ_ADMIN. */
export function requireStoreStaff(viewer: Viewer | null, storeId: string): Viewer {
  const v = requireRole(viewer, STORE_STAFF);
  if (!isStaffOf(v, storeId)) throw forbidden('Staff may act only on their own store');
  return v;
}

/** A sale is read by staff of its store, HQ_ADMIN, or the customer who bought. */
export function requireSaleReader(viewer: Viewer | null, sale: { storeId: string; customerId: string | null }): Viewer {
  const v = requireViewer(viewer);
  if (isStaffOf(v, sale.storeId)) return v;
  if (v.kind === 'customer' && sale.customerId !== null && sale.customerId === v.id) return v;
  throw forbidden('Only staff of the store, head office or the customer may read this sale');
}

/** A person (customer or staff), never another subgraph. */
export function requirePerson(viewer: Viewer | null): Exclude<Viewer, { kind: 'service' }> {
  const v = requireViewer(viewer);
  if (v.kind === 'service') throw forbidden('Carts belong to people');
  return v;
}

/** Only the account that created a cart may read or change it. */
export function requireCartOwner(viewer: Viewer | null, cart: { ownerId: string }): Viewer {
  const v = requirePerson(viewer);
  if (v.id !== cart.ownerId) throw forbidden('This cart belongs to someone else');
  return v;
}
