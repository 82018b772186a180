import { hashPassword } from '../../../platform/auth/password.js';
import { demoAccounts, demoStores } from '../../../demo/demo-dataset.js';
import { insertCustomers } from '../data-access/customer.repository.js';
import { countStaffUsers, insertStaffUsers } from '../data-access/staff-user.repository.js';
import type { NewStaffUser } from './account.js';
import { normalizeEmail } from './account-rules.js';

/**
 * Seeds the demo accounts of DESIGN.md when there are no staff users yet;
 * true when it did. Store-bound staff get inventory's demo store ids.
 */
export async function seedDemoAccounts(): Promise<boolean> {
  if ((await countStaffUsers()) > 0) return false;
  const storeIdByCode = new Map(demoStores.map((s) => [s.code, s.id]));
  const storeIdOf = (code: string | undefined) => {
    if (code === undefined) return null;
    const id = storeIdByCode.get(code);
    if (!id) throw new Error(`Demo account refers to unknown store ${code}`);
    return id;
  };
  // scrypt runs on libuv's thread pool: hashing in parallel keeps startup fast.
  const accounts = await Promise.all(
    demoAccounts.map(async (a) => ({ ...a, email: normalizeEmail(a.email), passwordHash: await hashPassword(a.password) })),
  );
  const staff: NewStaffUser[] = [];
  const customers: Array<{ email: string; name: string; passwordHash: string }> = [];
  for (const a of accounts) {
    if (a.role === 'CUSTOMER') customers.push({ email: a.email, name: a.name, passwordHash: a.passwordHash });
    else staff.push({ email: a.email, name: a.name, role: a.role, storeId: storeIdOf(a.storeCode), passwordHash: a.passwordHash });
  }
  // Customers first: staff rows mark the seed as done, so a crash in between seeds again.
  await insertCustomers(customers);
  await insertStaffUsers(staff);
  return true;
}
