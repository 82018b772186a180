import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types for every subgraph, generated from its schema.graphql.
 * Each subgraph's `graphql/mappers.ts` (when present) maps GraphQL types to
 * the plain objects its domain returns; `context.ts` exports its Context.
 */
const subgraphs = readdirSync('subgraphs').filter((name) => existsSync(`subgraphs/${name}/schema.graphql`));

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  generates: Object.fromEntries(
    subgraphs.map((name) => [
      `subgraphs/${name}/generated/resolvers-types.ts`,
      {
        schema: [`subgraphs/${name}/schema.graphql`],
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useIndexSignature: true,
          useTypeImports: true,
          enumsAsTypes: true,
          contextType: '../context.js#Context',
          scalars: { DateTime: 'Date | string', Decimal: 'string' },
          ...(existsSync(`subgraphs/${name}/graphql/mappers.ts`)
            ? { mappers: mappersOf(name) }
            : {}),
        },
      },
    ]),
  ),
};

function mappersOf(name: string): Record<string, string> {
  // Listed by the subgraph in graphql/mappers.ts as `export type <Type>Model`.
  return Object.fromEntries(
    (readFileSync(`subgraphs/${name}/graphql/mappers.ts`, 'utf8').match(/export (?:type|interface) (\w+)Model\b/g) ?? []).map((m) => {
      const type = m.replace(/export (?:type|interface) /, '').replace(/Model$/, '');
      return [type, `../graphql/mappers.js#${type}Model`];
    }),
  );
}

export default config;
