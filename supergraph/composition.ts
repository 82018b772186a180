import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import type { CompositionHint } from '@apollo/composition/dist/hints.js';
import { parse } from 'graphql';
import { loadConfig, subgraphUrl } from '../platform/config/config.js';
import { composedSubgraphs, schemaFileOf } from './subgraph-list.js';

export const supergraphFile = path.resolve(import.meta.dirname, 'supergraph.graphql');

/**
 * Hints that describe a deliberate design choice rather than a mistake:
 * inconsistent descriptions across subgraphs and value types shared on
 * purpose (PageInfo, scalars).
 */
const acceptedHintCodes = new Set(['INCONSISTENT_DESCRIPTION', 'INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE']);

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
  const result = composeServices(services);
  const hints = result.hints ?? [];
  const significantHints = hints.filter((h) => !acceptedHintCodes.has(h.definition.code));
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints, significantHints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints, significantHints };
}
