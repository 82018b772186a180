import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../platform/config/config.js';

/** The e2e accounts subgraph runs with the default limits. */
const defaults = loadConfig({});

interface Reply {
  data?: { login?: { token: string } } | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A login as a client behind Nginx at `address` (Nginx appends it to X-Forwarded-For). */
async function loginFrom(address: string, email: string, password: string): Promise<Reply> {
  const response = await fetch(inject('routerUrl'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
  });
  return (await response.json()) as Reply;
}

const testAddress = () => `198.51.100.${1 + Math.floor(Math.random() * 254)}`;

describe('login brute-force protection through the router', () => {
  it('when an account has LOGIN_MAX_FAILURES_PER_ACCOUNT failed logins, then even its right password answers TOO_MANY_ATTEMPTS with retryAfter', async () => {
    const email = `guess-${randomUUID()}@retail.test`;
    const register = await fetch(inject('routerUrl'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { token } }', variables: { i: { email, name: 'Guessed', password: 'the-right-one-1' } } }),
    });
    expect(((await register.json()) as Reply).errors).toBeUndefined();
    for (let i = 0; i < defaults.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await loginFrom(testAddress(), email, `guess-${i}`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const refused = await loginFrom(testAddress(), email, 'the-right-one-1');
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Too many failed sign-in attempts; try again in \d+ seconds$/), extensions: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(refused.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(defaults.LOGIN_FAILURE_WINDOW_SECONDS - 120);
  });

  it('when one client address fails LOGIN_MAX_FAILURES_PER_ADDRESS logins over many emails, then it is refused even for a demo account; another address is not', async () => {
    const attacker = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
    const batch = 10;
    for (let sent = 0; sent < defaults.LOGIN_MAX_FAILURES_PER_ADDRESS; sent += batch) {
      const replies = await Promise.all(Array.from({ length: batch }, () => loginFrom(attacker, `spray-${randomUUID()}@retail.test`, 'Winter2024!')));
      expect(replies.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(batch).fill('UNAUTHENTICATED'));
    }
    expect((await loginFrom(attacker, 'clerk5@retail.test', 'clerk5')).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await loginFrom(testAddress(), 'clerk5@retail.test', 'clerk5')).data?.login?.token).toBeTruthy();
  });
});
