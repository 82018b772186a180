import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import type { Customer } from './domain/account.js';
import { createCustomerLoader } from './domain/customer-loader.js';

export interface Context extends BaseRequestContext {
  loaders: { customer: DataLoader<string, Customer | null> };
}

export function createContext(base: BaseRequestContext): Context {
  return { ...base, loaders: { customer: createCustomerLoader() } };
}
