import { afterAll, describe, expect, it } from 'vitest';
import { attempts } from '../test-support/login-attempts.js';
import { verifyAccessToken } from '../../../platform/auth/access-token.js';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { accountsDb, disconnectAccountsDb } from '../data-access/accounts-database.js';
import { insertStaffUsers } from '../data-access/staff-user.repository.js';
import { login } from './login.use-case.js';
import { registerCustomer } from './register-customer.use-case.js';

afterAll(disconnectAccountsDb);

async function failure(promise: Promise<unknown>): Promise<{ code: string; field: unknown }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { code: (error as DomainError).code, field: (error as DomainError).extensions.field };
}

const countCustomers = () => accountsDb().customer.count();

describe('customer registration (PostgreSQL)', () => {
  it('when a customer registers, then the token names them and they can sign in again with any case of the email', async () => {
    const { token, viewer } = await registerCustomer({ email: ' Grace@Example.com ', name: ' Grace Hopper ', password: 'cobol-1959' });
    expect(viewer).toMatchObject({ kind: 'customer', email: 'grace@example.com', name: 'Grace Hopper', role: 'CUSTOMER', storeId: null });
    expect(await verifyAccessToken(token)).toEqual({ kind: 'customer', id: viewer.id, role: 'CUSTOMER', storeId: null });
    const again = await login('GRACE@example.COM', 'cobol-1959', undefined, attempts);
    expect(again.viewer.id).toBe(viewer.id);
    expect((await failure(login('grace@example.com', 'COBOL-1959', undefined, attempts))).code).toBe('UNAUTHENTICATED');
  });

  it('when a customer registers, then the stored hash is salted scrypt and not the password', async () => {
    await registerCustomer({ email: 'alan@example.com', name: 'Alan', password: 'enigma-machine' });
    const row = await accountsDb().customer.findUniqueOrThrow({ where: { email: 'alan@example.com' } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toBe('enigma-machine');
    expect(row.passwordHash).not.toContain('enigma-machine');
  });

  it('when the email is already a customer, also in another case, then CONFLICT and no second row', async () => {
    await registerCustomer({ email: 'linus@example.com', name: 'Linus', password: 'penguin-91' });
    const before = await countCustomers();
    expect(await failure(registerCustomer({ email: 'linus@example.com', name: 'Other', password: 'another-pass' }))).toEqual({ code: 'CONFLICT', field: 'email' });
    expect(await failure(registerCustomer({ email: 'LINUS@Example.com', name: 'Other', password: 'another-pass' }))).toEqual({ code: 'CONFLICT', field: 'email' });
    expect(await countCustomers()).toBe(before);
    expect((await login('linus@example.com', 'penguin-91', undefined, attempts)).viewer.name).toBe('Linus');
  });

  it('when the email belongs to a staff user, then CONFLICT and no customer row', async () => {
    await insertStaffUsers([{ email: 'boss@retail.test', name: 'Boss', role: 'HQ_ADMIN', storeId: null, passwordHash: 'scrypt$x' }]);
    const before = await countCustomers();
    expect((await failure(registerCustomer({ email: 'Boss@Retail.test', name: 'Sneaky', password: 'takeover-1' }))).code).toBe('CONFLICT');
    expect(await countCustomers()).toBe(before);
  });

  it('when the same email registers several times at once, then exactly one succeeds and the others get CONFLICT', async () => {
    const attempts = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) => registerCustomer({ email: 'race@example.com', name: `Racer ${n}`, password: `racing-pass-${n}` })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const codes = attempts.flatMap((a) => (a.status === 'rejected' ? [(a.reason as DomainError).code] : []));
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    expect(await accountsDb().customer.count({ where: { email: 'race@example.com' } })).toBe(1);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email', name: 'X', password: 'long-enough' }, 'email'],
    ['an empty name', { email: 'empty-name@example.com', name: '  ', password: 'long-enough' }, 'name'],
    ['a 201-character name', { email: 'long-name@example.com', name: 'n'.repeat(201), password: 'long-enough' }, 'name'],
    ['a 7-character password', { email: 'short@example.com', name: 'Shorty', password: 'short-7' }, 'password'],
  ])('when the registration has %s, then BAD_USER_INPUT on that field and nothing is written', async (_, input, field) => {
    const before = await countCustomers();
    expect(await failure(registerCustomer(input))).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await countCustomers()).toBe(before);
    expect((await failure(login(input.email, input.password, undefined, attempts))).code).toBe('UNAUTHENTICATED');
  });
});
