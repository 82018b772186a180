import path from 'node:path';
import type { SubgraphName } from '../platform/config/config.js';

/**
 * Subgraphs in the composition. Reporting joins once it serves real figures
 * from its event-fed read model (the events issue), not before.
 */
export const composedSubgraphs: readonly SubgraphName[] = ['catalog', 'inventory', 'sales', 'accounts'];

export const subgraphsRoot = path.resolve(import.meta.dirname, '../subgraphs');

export function schemaFileOf(name: SubgraphName): string {
  return path.join(subgraphsRoot, name, 'schema.graphql');
}
