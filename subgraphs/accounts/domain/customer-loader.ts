import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { findCustomersByIds } from '../data-access/customer.repository.js';
import type { Customer } from './account.js';

/** Batches the customer references of one request into one query. */
export function createCustomerLoader(
  findByIds: (ids: readonly string[]) => Promise<Customer[]> = findCustomersByIds,
): DataLoader<string, Customer | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const found = new Map((valid.length ? await findByIds(valid) : []).map((c) => [c.id, c]));
    return ids.map((id) => found.get(id) ?? null);
  });
}
