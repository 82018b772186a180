import { badUserInput } from '../../../platform/errors/domain-error.js';
import type { NewCustomer } from './account.js';

/** Deliberately loose: one @, no spaces, a dot in the domain; mailboxes are verified elsewhere. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 200;
export const PASSWORD_MIN_LENGTH = 8;
/** Bounds the key-derivation work a single request can ask for. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Emails are stored and compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Characters as a person counts them (code points, not UTF-16 units). */
const lengthOf = (value: string) => [...value].length;

/** Validates and normalises a customer registration; throws BAD_USER_INPUT naming the field. */
export function validateNewCustomer(input: NewCustomer): NewCustomer {
  const email = normalizeEmail(input.email);
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw badUserInput('email must be a valid email address', { field: 'email' });
  }
  const name = input.name.trim();
  if (lengthOf(name) < 1) throw badUserInput('name must not be empty', { field: 'name' });
  if (lengthOf(name) > NAME_MAX_LENGTH) throw badUserInput(`name must be at most ${NAME_MAX_LENGTH} characters`, { field: 'name' });
  const passwordLength = lengthOf(input.password);
  if (passwordLength < PASSWORD_MIN_LENGTH) {
    throw badUserInput(`password must be at least ${PASSWORD_MIN_LENGTH} characters`, { field: 'password' });
  }
  if (passwordLength > PASSWORD_MAX_LENGTH) {
    throw badUserInput(`password must be at most ${PASSWORD_MAX_LENGTH} characters`, { field: 'password' });
  }
  return { email, name, password: input.password };
}

/** A password no registration could have set; login rejects it without deriving a key from all of it. */
export function passwordTooLong(password: string): boolean {
  return password.length > 2 * PASSWORD_MAX_LENGTH || lengthOf(password) > PASSWORD_MAX_LENGTH;
}
