/** Roles of the API contract. */
export type Role = 'CUSTOMER' | 'CLERK' | 'STORE_MANAGER' | 'LOGISTICS' | 'HQ_ADMIN';

export const ROLES: readonly Role[] = ['CUSTOMER', 'CLERK', 'STORE_MANAGER', 'LOGISTICS', 'HQ_ADMIN'];

/** Who is calling, as proven by a verified access token. */
export type Viewer =
  | { kind: 'staff'; id: string; role: Exclude<Role, 'CUSTOMER'>; storeId: string | null }
  | { kind: 'customer'; id: string; role: 'CUSTOMER'; storeId: null }
  /** Another subgraph acting inside a saga (never a person). */
  | { kind: 'service'; id: string; role: null; storeId: null };

export const isStaff = (v: Viewer | null): v is Extract<Viewer, { kind: 'staff' }> => v?.kind === 'staff';
export const isService = (v: Viewer | null): v is Extract<Viewer, { kind: 'service' }> => v?.kind === 'service';
