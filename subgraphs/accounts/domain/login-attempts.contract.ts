import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoginAttemptLimits, LoginAttempts } from './login-attempts.js';

export interface AttemptsUnderTest {
  /** A fresh LoginAttempts with these limits (its own keys). */
  make(limits: LoginAttemptLimits): LoginAttempts;
  close(): Promise<void>;
}

const limits: LoginAttemptLimits = { maxPerAccount: 3, maxPerAddress: 5, windowSeconds: 900 };
const email = () => `${randomUUID()}@retail.test`;
const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID()}`;

/** What every LoginAttempts store (in process, Redis) must do. */
export function loginAttemptsContract(name: string, setup: () => Promise<AttemptsUnderTest>) {
  describe(`login attempts contract: ${name}`, async () => {
    const store = await setup();
    afterAll(() => store.close());

    it('when an account has one failure less than the limit, then it may still try; at the limit, it waits for the rest of the window', async () => {
      const attempts = store.make(limits);
      const account = email();
      for (let i = 0; i < limits.maxPerAccount - 1; i++) await attempts.failed(account, address());
      expect(await attempts.retryAfter(account, address())).toBe(0);
      await attempts.failed(account, address());
      const wait = await attempts.retryAfter(account, address());
      expect(wait).toBeGreaterThan(limits.windowSeconds - 60);
      expect(wait).toBeLessThanOrEqual(limits.windowSeconds);
      expect(await attempts.retryAfter(email(), address())).toBe(0);
    });

    it('when a login succeeds, then its account starts counting from zero again', async () => {
      const attempts = store.make(limits);
      const account = email();
      for (let i = 0; i < limits.maxPerAccount - 1; i++) await attempts.failed(account, address());
      await attempts.succeeded(account);
      for (let i = 0; i < limits.maxPerAccount - 1; i++) await attempts.failed(account, address());
      expect(await attempts.retryAfter(account, address())).toBe(0);
    });

    it('when one address fails on many accounts, then that address waits, on any account; other addresses and those accounts do not', async () => {
      const attempts = store.make(limits);
      const from = address();
      for (let i = 0; i < limits.maxPerAddress - 1; i++) await attempts.failed(email(), from);
      expect(await attempts.retryAfter(email(), from)).toBe(0);
      const last = email();
      await attempts.failed(last, from);
      expect(await attempts.retryAfter(email(), from)).toBeGreaterThan(0);
      expect(await attempts.retryAfter(email(), address())).toBe(0);
      expect(await attempts.retryAfter(last, address())).toBe(0);
    });

    it('when the window has passed, then a blocked account may try again', async () => {
      const attempts = store.make({ ...limits, windowSeconds: 1 });
      const account = email();
      for (let i = 0; i < limits.maxPerAccount; i++) await attempts.failed(account, undefined);
      expect(await attempts.retryAfter(account, undefined)).toBe(1);
      await expect.poll(() => attempts.retryAfter(account, undefined), { timeout: 5_000, interval: 200 }).toBe(0);
    });
  });
}
