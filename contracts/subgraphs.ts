import path from 'node:path';

/**
 * The one list of subgraphs: everything that needs to know which subgraphs
 * exist, where they listen and where their files lie (configuration,
 * composition, the launcher, the service bundles, the image, the benchmark,
 * the compose and Kubernetes tests) reads it here. It imports nothing of the
 * project, so any folder may depend on it.
 */
export const subgraphNames = ['catalog', 'inventory', 'sales', 'accounts', 'reporting'] as const;

export type SubgraphName = (typeof subgraphNames)[number];

/** The project's root folder (this file lies one level below it). */
export const projectRoot = path.resolve(import.meta.dirname, '..');

export interface SubgraphDefinition {
  name: SubgraphName;
  /** Port when `<NAME>_PORT` is unset. */
  defaultPort: number;
  /** Configuration key of its port, e.g. `CATALOG_PORT`. */
  portKey: `${Uppercase<SubgraphName>}_PORT`;
  /** Configuration key of the URL where others reach it, e.g. `CATALOG_URL`. */
  urlKey: `${Uppercase<SubgraphName>}_URL`;
  /** Entry file of its process, relative to the project root. */
  entry: string;
  /** Absolute path of its SDL (read by composition and shipped in the image). */
  schemaFile: string;
  /** Absolute path of its Prisma folder (schema.prisma and migrations). */
  prismaDir: string;
}

const defaultPorts: Record<SubgraphName, number> = { catalog: 4101, inventory: 4102, sales: 4103, accounts: 4104, reporting: 4105 };

function define(name: SubgraphName): SubgraphDefinition {
  const upper = name.toUpperCase() as Uppercase<SubgraphName>;
  return {
    name,
    defaultPort: defaultPorts[name],
    portKey: `${upper}_PORT`,
    urlKey: `${upper}_URL`,
    entry: `subgraphs/${name}/server.ts`,
    schemaFile: path.join(projectRoot, 'subgraphs', name, 'schema.graphql'),
    prismaDir: path.join(projectRoot, 'prisma', name),
  };
}

export const subgraphs: readonly SubgraphDefinition[] = subgraphNames.map(define);

export function subgraphDefinition(name: SubgraphName): SubgraphDefinition {
  return subgraphs.find((s) => s.name === name)!;
}

/** Subgraphs in the composition (reporting serves its figures from the event-fed read model). */
export const composedSubgraphs: readonly SubgraphName[] = subgraphNames;

export function schemaFileOf(name: SubgraphName): string {
  return subgraphDefinition(name).schemaFile;
}

export function isSubgraphName(name: string): name is SubgraphName {
  return (subgraphNames as readonly string[]).includes(name);
}
