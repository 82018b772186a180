import { forbidden, unauthenticated } from '../errors/domain-error.js';
import type { Role, Viewer } from './viewer.js';

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function requireRole(viewer: Viewer | null, roles: readonly Role[]): Viewer {
  const v = requireViewer(viewer);
  if (v.kind === 'service' || !roles.includes(v.role)) throw forbidden(`Requires one of the roles ${roles.join(', ')}`);
  return v;
}

/** Saga calls between subgraphs: only another subgraph may make them. */
export function requireService(viewer: Viewer | null): Viewer {
  const v = requireViewer(viewer);
  if (v.kind !== 'service') throw forbidden('Internal operation');
  return v;
}

/**
 * Staff bound to a store act only on that store; HQ_ADMIN (and staff without
 * a store, such as logistics) act on any store their role allows.
 */
export function requireStoreAccess(viewer: Viewer | null, roles: readonly Role[], storeId: string): Viewer {
  const v = requireRole(viewer, roles);
  if (v.kind === 'staff' && v.role !== 'HQ_ADMIN' && v.storeId !== null && v.storeId !== storeId) {
    throw forbidden('Staff may act only on their own store');
  }
  return v;
}
