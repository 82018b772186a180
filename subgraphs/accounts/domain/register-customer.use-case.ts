import { hashPassword } from '../../../platform/auth/password.js';
import { conflict } from '../../../platform/errors/domain-error.js';
import { insertCustomer } from '../data-access/customer.repository.js';
import { staffEmailExists } from '../data-access/staff-user.repository.js';
import type { AuthPayload, NewCustomer } from './account.js';
import { validateNewCustomer } from './account-rules.js';
import { issueAuthPayload } from './auth-payload.js';

const emailTaken = () => conflict('An account with this email already exists', { field: 'email' });

/** A customer signs up and is signed in at once. */
export async function registerCustomer(input: NewCustomer): Promise<AuthPayload> {
  const customer = validateNewCustomer(input);
  if (await staffEmailExists(customer.email)) throw emailTaken();
  const created = await insertCustomer({ email: customer.email, name: customer.name, passwordHash: await hashPassword(customer.password) });
  // null: the email is a customer's already, possibly one registered concurrently (unique index).
  if (!created) throw emailTaken();
  return issueAuthPayload(created);
}
