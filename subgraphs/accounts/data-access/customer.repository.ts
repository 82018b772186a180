import type { Account, Credentials, Customer } from '../domain/account.js';
import { accountsDb } from './accounts-database.js';
import { Prisma } from './prisma-client/client.js';

type CustomerRow = Prisma.CustomerGetPayload<object>;

function toAccount(row: CustomerRow): Account {
  return { kind: 'customer', id: row.id, email: row.email, name: row.name, role: 'CUSTOMER', storeId: null };
}

function toCustomer(row: CustomerRow): Customer {
  return { id: row.id, email: row.email, name: row.name };
}

export interface CustomerRecord {
  email: string;
  name: string;
  passwordHash: string;
}

/** The customer with this (already normalised) email and their password hash. */
export async function findCustomerCredentialsByEmail(email: string): Promise<Credentials | null> {
  const row = await accountsDb().customer.findUnique({ where: { email } });
  return row ? { account: toAccount(row), passwordHash: row.passwordHash } : null;
}

export async function findCustomerAccountById(id: string): Promise<Account | null> {
  const row = await accountsDb().customer.findUnique({ where: { id } });
  return row ? toAccount(row) : null;
}

/** Customers with these ids (one query); unknown ids are simply absent. */
export async function findCustomersByIds(ids: readonly string[]): Promise<Customer[]> {
  const rows = await accountsDb().customer.findMany({ where: { id: { in: [...ids] } } });
  return rows.map(toCustomer);
}

/** Inserts a customer; null when the email is already taken (also when a concurrent insert won). */
export async function insertCustomer(customer: CustomerRecord): Promise<Account | null> {
  try {
    return toAccount(await accountsDb().customer.create({ data: customer }));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
    throw error;
  }
}

/** Inserts customers; emails already present are left as they are. */
export async function insertCustomers(customers: CustomerRecord[]): Promise<void> {
  await accountsDb().customer.createMany({ data: customers, skipDuplicates: true });
}
