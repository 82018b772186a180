import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';

/**
 * Typed operations of the web app (GraphQL Code Generator, client preset),
 * generated from the schema clients see: the API schema of the composed
 * supergraph, without federation internals and @inaccessible fields.
 * Run from the repository root by `npm run generate` (tools/codegen/generate.ts).
 */
const root = path.resolve(import.meta.dirname, '..');
const supergraphSdl = readFileSync(path.join(root, 'supergraph/supergraph.graphql'), 'utf8');
export const apiSchemaSdl = printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  schema: apiSchemaSdl,
  documents: [path.join(root, 'web/src/**/*.{ts,tsx}'), `!${path.join(root, 'web/src/gql/**')}`],
  ignoreNoDocuments: true,
  generates: {
    [path.join(root, 'web/src/gql/')]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string', Decimal: 'string' },
      },
    },
  },
};

export default config;
