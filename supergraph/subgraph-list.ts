import path from 'node:path';
import type { SubgraphName } from '../platform/config/config.js';

/** Subgraphs in the composition (reporting serves its figures from the event-fed read model). */
export const composedSubgraphs: readonly SubgraphName[] = ['catalog', 'inventory', 'sales', 'accounts', 'reporting'];

export const subgraphsRoot = path.resolve(import.meta.dirname, '../subgraphs');

export function schemaFileOf(name: SubgraphName): string {
  return path.join(subgraphsRoot, name, 'schema.graphql');
}
