import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { findCustomerAccountById } from '../data-access/customer.repository.js';
import { findStaffUserById } from '../data-access/staff-user.repository.js';
import type { Account } from './account.js';

/** `me`: the signed-in person; null when anonymous, for a service token, or when the account is gone. */
export async function getCurrentAccount(ctx: Context): Promise<Account | null> {
  const viewer = ctx.viewer;
  if (!viewer || viewer.kind === 'service' || !isUuid(viewer.id)) return null;
  return viewer.kind === 'staff' ? findStaffUserById(viewer.id) : findCustomerAccountById(viewer.id);
}
