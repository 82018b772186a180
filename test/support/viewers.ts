import type { Role, Viewer } from '../../platform/auth/viewer.js';

/** Callers as the access rules see them, for tests of those rules. */
export const staffViewer = (id: string, role: Exclude<Role, 'CUSTOMER'>, storeId: string | null = null): Viewer => ({ kind: 'staff', id, role, storeId });
export const customerViewer = (id: string): Viewer => ({ kind: 'customer', id, role: 'CUSTOMER', storeId: null });
export const serviceViewer = (service: string): Viewer => ({ kind: 'service', id: `service:${service}`, role: null, storeId: null });
