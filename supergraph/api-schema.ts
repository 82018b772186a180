import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { supergraphFile } from './composition.js';

let cached: GraphQLSchema | undefined;

/** The schema clients see (what the router validates against): no federation internals, no @inaccessible fields. */
export function apiSchema(): GraphQLSchema {
  cached ??= Supergraph.build(readFileSync(supergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema();
  return cached;
}
