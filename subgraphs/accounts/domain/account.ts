import type { Role } from '../../../platform/auth/viewer.js';

export type StaffRole = Exclude<Role, 'CUSTOMER'>;

/** A person who can sign in, as the accounts use cases see them (never with a password hash). */
export type Account =
  | { kind: 'staff'; id: string; email: string; name: string; role: StaffRole; storeId: string | null }
  | { kind: 'customer'; id: string; email: string; name: string; role: 'CUSTOMER'; storeId: null };

/** An account with its stored credential, only for checking a password. */
export interface Credentials {
  account: Account;
  passwordHash: string;
}

/** A customer as other subgraphs see it through the `Customer` entity. */
export interface Customer {
  id: string;
  email: string;
  name: string;
}

export interface NewCustomer {
  email: string;
  name: string;
  password: string;
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  storeId: string | null;
  passwordHash: string;
}

/** What login and registration hand back. */
export interface AuthPayload {
  token: string;
  viewer: Account;
}
