import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../../platform/auth/password.js';
import { tooManyAttempts, unauthenticated } from '../../../platform/errors/domain-error.js';
import { findCustomerCredentialsByEmail } from '../data-access/customer.repository.js';
import { findStaffCredentialsByEmail } from '../data-access/staff-user.repository.js';
import type { AuthPayload } from './account.js';
import { normalizeEmail, passwordTooLong } from './account-rules.js';
import { issueAuthPayload } from './auth-payload.js';
import type { LoginAttempts } from './login-attempts.js';

export const INVALID_CREDENTIALS = 'Invalid email or password';

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random secret with the configured cost: an unknown email is
 * checked against it, so that it takes as long as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  return dummyHash;
}

/**
 * Signs a staff user or customer in. A wrong email and a wrong password get
 * the same error after the same key-derivation work (no user enumeration),
 * and count as a failure of that email and of the client's address: past
 * the limits, logins answer TOO_MANY_ATTEMPTS without looking at the
 * password (an unknown email is limited like a known one).
 */
export async function login(email: string, password: string, clientAddress: string | undefined, attempts: LoginAttempts): Promise<AuthPayload> {
  const normalized = normalizeEmail(email);
  const retryAfter = await attempts.retryAfter(normalized, clientAddress);
  if (retryAfter > 0) throw tooManyAttempts(`Too many failed sign-in attempts; try again in ${retryAfter} seconds`, retryAfter);
  // Both lookups every time, staff first: a staff email answers no faster than a customer's or an unknown one.
  const [staff, customer] = await Promise.all([findStaffCredentialsByEmail(normalized), findCustomerCredentialsByEmail(normalized)]);
  const credentials = staff ?? customer;
  const tooLong = passwordTooLong(password);
  const storedHash = credentials && !tooLong ? credentials.passwordHash : await dummyPasswordHash();
  const matches = await verifyPassword(tooLong ? '' : password, storedHash);
  if (!credentials || tooLong || !matches) {
    await attempts.failed(normalized, clientAddress);
    throw unauthenticated(INVALID_CREDENTIALS);
  }
  await attempts.succeeded(normalized);
  return issueAuthPayload(credentials.account);
}
