import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import type { Customer } from './domain/account.js';
import { createCustomerLoader } from './domain/customer-loader.js';
import type { LoginAttempts } from './domain/login-attempts.js';

export interface Context extends BaseRequestContext {
  loaders: { customer: DataLoader<string, Customer | null> };
  /** The process's failed-login counts. */
  loginAttempts: LoginAttempts;
}

export function createContext(base: BaseRequestContext, loginAttempts: LoginAttempts): Context {
  return { ...base, loginAttempts, loaders: { customer: createCustomerLoader() } };
}
