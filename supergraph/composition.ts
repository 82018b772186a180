import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import type { CompositionHint } from '@apollo/composition/dist/hints.js';
import { parse, type DocumentNode } from 'graphql';
import { readCacheableDeclarations } from '../platform/response-cache/cacheable-declarations.js';
import { loadConfig, subgraphUrl } from '../platform/config/config.js';
import { composedSubgraphs, schemaFileOf } from '../contracts/subgraphs.js';

export const supergraphFile = path.resolve(import.meta.dirname, 'supergraph.graphql');

/**
 * Hints that describe a deliberate design choice rather than a mistake:
 * inconsistent descriptions across subgraphs and value types shared on
 * purpose (PageInfo, scalars).
 */
const acceptedHintCodes = new Set([
  'INCONSISTENT_DESCRIPTION',
  'INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE',
  // @cacheable on an entity type declares that subgraph's own fields: each sends its declarations with its answers,
  // so the supergraph keeping one subgraph's arguments loses nothing the router uses.
  'INCONSISTENT_NON_REPEATABLE_DIRECTIVE_ARGUMENTS',
]);

export interface CompositionOutcome {
  supergraphSdl?: string;
  errors: string[];
  hints: CompositionHint[];
  /** Hints not in the accepted list: a test fails on them. */
  significantHints: CompositionHint[];
}

export async function composeSupergraph(): Promise<CompositionOutcome> {
  const services = await Promise.all(
    composedSubgraphs.map(async (name) => ({
      name,
      // The URL in the file is only a default: the router takes URLs from configuration.
      url: subgraphUrl(name, loadConfig({})),
      typeDefs: parse(await readFile(schemaFileOf(name), 'utf8')),
    })),
  );
  return composeServiceDefinitions(services);
}

/** Composes these subgraphs; a malformed @cacheable declaration (response cache) fails it like any composition error. */
export function composeServiceDefinitions(services: Array<{ name: string; url: string; typeDefs: DocumentNode }>): CompositionOutcome {
  const declarationErrors = services.flatMap((s) => readCacheableDeclarations(s.typeDefs).errors.map((e) => `[${s.name}] ${e}`));
  if (declarationErrors.length) return { errors: declarationErrors, hints: [], significantHints: [] };
  const result = composeServices(services);
  const hints = result.hints ?? [];
  const significantHints = hints.filter((h) => !acceptedHintCodes.has(h.definition.code));
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints, significantHints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints, significantHints };
}
