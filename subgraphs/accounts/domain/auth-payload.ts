import { signAccessToken } from '../../../platform/auth/access-token.js';
import type { Viewer } from '../../../platform/auth/viewer.js';
import type { Account, AuthPayload } from './account.js';

/** The token's claims: who the account is, its role and (for store staff) its store. */
export function viewerOf(account: Account): Viewer {
  return account.kind === 'staff'
    ? { kind: 'staff', id: account.id, role: account.role, storeId: account.storeId }
    : { kind: 'customer', id: account.id, role: 'CUSTOMER', storeId: null };
}

export async function issueAuthPayload(account: Account): Promise<AuthPayload> {
  return { token: await signAccessToken(viewerOf(account)), viewer: account };
}
