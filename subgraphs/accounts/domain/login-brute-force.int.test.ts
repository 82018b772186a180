import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheRedisClient } from '../../../platform/cache/redis-cache-store.js';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { acquireTestRedis, startOwnRedisServer } from '../../../test/support/redis-server.js';
import { disconnectAccountsDb } from '../data-access/accounts-database.js';
import { LoginAttempts, type LoginAttemptLimits } from './login-attempts.js';
import { loginAttemptsContract } from './login-attempts.contract.js';
import { login } from './login.use-case.js';
import { seedDemoAccounts } from './seed-demo-accounts.use-case.js';

loginAttemptsContract('in process', async () => ({ make: (limits) => new LoginAttempts(limits, null), close: async () => undefined }));

const redis = await acquireTestRedis();
if (redis) {
  loginAttemptsContract(`Redis (${redis.url})`, async () => {
    const client = cacheRedisClient(redis.url, 1_000);
    // Commands fail until connected (no offline queue): counts would go to the in-process stand-in.
    await once(client, 'ready');
    return {
      make: (limits) => new LoginAttempts(limits, { redis: client, keyPrefix: `${redis.keyPrefix}${randomUUID()}:` }),
      async close() {
        client.disconnect();
        await redis.stop();
      },
    };
  });
  describe('login attempts in Redis', () => {
    it('when failures are counted by one accounts replica, then another replica sharing the Redis refuses that account too', async () => {
      const [one, two] = [cacheRedisClient(redis.url, 1_000), cacheRedisClient(redis.url, 1_000)];
      await Promise.all([once(one, 'ready'), once(two, 'ready')]);
      try {
        const keyPrefix = `${redis.keyPrefix}${randomUUID()}:`;
        const limits = { maxPerAccount: 2, maxPerAddress: 10, windowSeconds: 60 };
        const [replicaOne, replicaTwo] = [new LoginAttempts(limits, { redis: one, keyPrefix }), new LoginAttempts(limits, { redis: two, keyPrefix })];
        await replicaOne.failed('shared@retail.test', '192.0.2.9');
        await replicaTwo.failed('shared@retail.test', '192.0.2.9');
        expect(await replicaOne.retryAfter('shared@retail.test', undefined)).toBeGreaterThan(0);
        expect(await one.keys(`${keyPrefix}login:account:*`)).toEqual([`${keyPrefix}login:account:shared@retail.test`]);
      } finally {
        one.disconnect();
        two.disconnect();
      }
    });
  });
} else {
  console.warn('No Redis reachable (TEST_REDIS_URL, 127.0.0.1:6379, redis-server): the Redis variant of the login attempts contract is not run');
}

const limits: LoginAttemptLimits = { maxPerAccount: 3, maxPerAddress: 50, windowSeconds: 900 };

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; retryAfter?: unknown }> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { code: (error as DomainError).code, retryAfter: (error as DomainError).extensions.retryAfter };
}

describe('login brute-force protection (PostgreSQL)', () => {
  beforeAll(async () => {
    await seedDemoAccounts();
  });
  afterAll(disconnectAccountsDb);

  it('when an account has had its failed logins, then even the right password answers TOO_MANY_ATTEMPTS with retryAfter, without a token', async () => {
    const attempts = new LoginAttempts(limits, null);
    for (let i = 0; i < limits.maxPerAccount; i++) expect(await codeOf(login('clerk3@retail.test', 'wrong', '203.0.113.1', attempts))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const refused = await codeOf(login('clerk3@retail.test', 'clerk3', '203.0.113.2', attempts));
    expect(refused.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.retryAfter).toBeGreaterThan(0);
    // The same email in another case and with spaces is the same account.
    expect((await codeOf(login(' CLERK3@retail.test', 'clerk3', '203.0.113.3', attempts))).code).toBe('TOO_MANY_ATTEMPTS');
    // Other accounts from the same addresses are not affected.
    expect((await login('clerk4@retail.test', 'clerk4', '203.0.113.1', attempts)).token).toBeTruthy();
  });

  it('when a login succeeds one failure short of the limit, then the account count starts again', async () => {
    const attempts = new LoginAttempts(limits, null);
    for (let i = 0; i < limits.maxPerAccount - 1; i++) await codeOf(login('clerk2@retail.test', 'wrong', undefined, attempts));
    expect((await login('clerk2@retail.test', 'clerk2', undefined, attempts)).token).toBeTruthy();
    for (let i = 0; i < limits.maxPerAccount - 1; i++) await codeOf(login('clerk2@retail.test', 'wrong', undefined, attempts));
    expect((await login('clerk2@retail.test', 'clerk2', undefined, attempts)).token).toBeTruthy();
  });

  it('when unknown emails are tried, then they are limited like known ones (no way to tell them apart)', async () => {
    const attempts = new LoginAttempts(limits, null);
    const unknown = `nobody-${randomUUID()}@retail.test`;
    for (let i = 0; i < limits.maxPerAccount; i++) expect((await codeOf(login(unknown, 'x', undefined, attempts))).code).toBe('UNAUTHENTICATED');
    expect((await codeOf(login(unknown, 'x', undefined, attempts))).code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('when Redis is down, then logins still work and failures are counted in process, so the limits still hold', async () => {
    const own = await startOwnRedisServer();
    const client = cacheRedisClient(own.url, 200);
    await once(client, 'ready');
    try {
      const attempts = new LoginAttempts(limits, { redis: client, keyPrefix: `outage-${randomUUID()}:` });
      expect((await login('manager1@retail.test', 'manager1', undefined, attempts)).token).toBeTruthy();
      await own.stop();
      expect((await login('manager1@retail.test', 'manager1', undefined, attempts)).token).toBeTruthy();
      for (let i = 0; i < limits.maxPerAccount; i++) expect((await codeOf(login('manager1@retail.test', 'wrong', undefined, attempts))).code).toBe('UNAUTHENTICATED');
      expect((await codeOf(login('manager1@retail.test', 'manager1', undefined, attempts))).code).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      client.disconnect();
      await own.stop();
    }
  });
});
