import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attempts } from '../test-support/login-attempts.js';
import { verifyAccessToken } from '../../../platform/auth/access-token.js';
import { demoAccounts, demoStores } from '../../../demo/demo-dataset.js';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { accountsDb, disconnectAccountsDb } from '../data-access/accounts-database.js';
import { INVALID_CREDENTIALS, login } from './login.use-case.js';
import { seedDemoAccounts } from './seed-demo-accounts.use-case.js';

afterAll(disconnectAccountsDb);

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { code: (error as DomainError).code, message: (error as DomainError).message };
}

const storeIdOf = (code: string | undefined) => demoStores.find((s) => s.code === code)?.id ?? null;

describe('login (PostgreSQL)', () => {
  beforeAll(async () => {
    expect(await seedDemoAccounts()).toBe(true);
  });

  it('when the demo accounts are seeded, then staff and the customer land in their own tables with scrypt hashes', async () => {
    const staff = await accountsDb().staffUser.findMany();
    const customers = await accountsDb().customer.findMany();
    expect(staff.map((s) => s.email).sort()).toEqual(demoAccounts.filter((a) => a.role !== 'CUSTOMER').map((a) => a.email).sort());
    expect(customers.map((c) => c.email)).toEqual(['customer@retail.test']);
    for (const row of [...staff, ...customers]) {
      const password = demoAccounts.find((a) => a.email === row.email)!.password;
      expect(row.passwordHash).toMatch(/^scrypt\$1024\$/);
      expect(row.passwordHash).not.toContain(password);
    }
    expect(staff.find((s) => s.email === 'clerk4@retail.test')).toMatchObject({ role: 'CLERK', storeId: storeIdOf('STORE-4') });
  });

  it('when seeding runs again, then nothing changes', async () => {
    const before = await accountsDb().staffUser.findMany({ orderBy: { email: 'asc' } });
    expect(await seedDemoAccounts()).toBe(false);
    expect(await accountsDb().staffUser.findMany({ orderBy: { email: 'asc' } })).toEqual(before);
    expect(await accountsDb().customer.count()).toBe(1);
  });

  it.each(demoAccounts.map((a) => [a.email, a.role, a.storeCode ?? null, a] as const))(
    'when %s signs in with the demo password, then the token says %s at store %s',
    async (email, role, storeCode, account) => {
      const { token, viewer } = await login(email, account.password, undefined, attempts);
      const claims = await verifyAccessToken(token);
      expect(claims).toEqual({
        kind: role === 'CUSTOMER' ? 'customer' : 'staff',
        id: viewer.id,
        role,
        storeId: storeIdOf(storeCode ?? undefined),
      });
      expect(viewer).toMatchObject({ email, name: account.name, role, storeId: storeIdOf(storeCode ?? undefined) });
    },
  );

  it('when the email has capitals and spaces around it, then the account still signs in', async () => {
    const { viewer } = await login('  Manager1@Retail.TEST ', 'manager1', undefined, attempts);
    expect(viewer).toMatchObject({ email: 'manager1@retail.test', role: 'STORE_MANAGER' });
  });

  it('when the password is wrong or the email unknown, then both fail with the same UNAUTHENTICATED error', async () => {
    const wrongPassword = await failure(login('admin@retail.test', 'Admin', undefined, attempts));
    const unknownEmail = await failure(login('nobody@retail.test', 'admin', undefined, attempts));
    const wrongCustomerPassword = await failure(login('customer@retail.test', 'admin', undefined, attempts));
    expect(wrongPassword).toEqual({ code: 'UNAUTHENTICATED', message: INVALID_CREDENTIALS });
    expect(unknownEmail).toEqual(wrongPassword);
    expect(wrongCustomerPassword).toEqual(wrongPassword);
    expect(INVALID_CREDENTIALS).toBe('Invalid email or password');
  });

  it('when the password is empty or absurdly long, then it is the same UNAUTHENTICATED error', async () => {
    expect(await failure(login('admin@retail.test', '', undefined, attempts))).toEqual({ code: 'UNAUTHENTICATED', message: INVALID_CREDENTIALS });
    expect(await failure(login('admin@retail.test', 'admin'.repeat(10_000), undefined, attempts))).toEqual({ code: 'UNAUTHENTICATED', message: INVALID_CREDENTIALS });
  });
});
