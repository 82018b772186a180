import type { Account, Credentials, NewStaffUser } from '../domain/account.js';
import { accountsDb } from './accounts-database.js';
import type { Prisma } from './prisma-client/client.js';

type StaffUserRow = Prisma.StaffUserGetPayload<object>;

function toAccount(row: StaffUserRow): Account {
  return { kind: 'staff', id: row.id, email: row.email, name: row.name, role: row.role, storeId: row.storeId };
}

/** The staff user with this (already normalised) email and their password hash. */
export async function findStaffCredentialsByEmail(email: string): Promise<Credentials | null> {
  const row = await accountsDb().staffUser.findUnique({ where: { email } });
  return row ? { account: toAccount(row), passwordHash: row.passwordHash } : null;
}

export async function findStaffUserById(id: string): Promise<Account | null> {
  const row = await accountsDb().staffUser.findUnique({ where: { id } });
  return row ? toAccount(row) : null;
}

export async function staffEmailExists(email: string): Promise<boolean> {
  return (await accountsDb().staffUser.count({ where: { email } })) > 0;
}

export async function countStaffUsers(): Promise<number> {
  return accountsDb().staffUser.count();
}

/** Inserts staff users; emails already present are left as they are. */
export async function insertStaffUsers(users: NewStaffUser[]): Promise<void> {
  await accountsDb().staffUser.createMany({ data: users, skipDuplicates: true });
}
