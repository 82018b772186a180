import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

export const OPERATION_NOT_IN_SAFELIST = 'OPERATION_NOT_IN_SAFELIST';

const root = path.resolve(import.meta.dirname, '..');

/** The hash APQ and the safelist key operations by: sha256 of the exact text sent, hex. */
export function operationHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The manifest file: every registered operation by the hash of its text (`npm run safelist` writes it). */
export interface SafelistManifest {
  operations: Record<string, string>;
}

export function manifestOf(texts: Iterable<string>): SafelistManifest {
  const entries = [...new Set(texts)].map((text) => [operationHash(text), text] as const).sort(([a], [b]) => a.localeCompare(b));
  return { operations: Object.fromEntries(entries) };
}

export function safelistPath(file: string): string {
  return path.resolve(root, file);
}

/** The registered operations; a manifest whose hashes do not match their texts is refused (edited by hand?). */
export function loadSafelist(file: string): ReadonlyMap<string, string> {
  const manifest = JSON.parse(readFileSync(safelistPath(file), 'utf8')) as SafelistManifest;
  const operations = new Map(Object.entries(manifest.operations ?? {}));
  for (const [hash, text] of operations) {
    if (operationHash(text) !== hash) throw new Error(`${file}: the entry ${hash} does not hash to its text; regenerate it with npm run safelist`);
  }
  if (operations.size === 0) throw new Error(`${file} registers no operation; generate it with npm run safelist`);
  return operations;
}

/**
 * OPERATION_SAFELIST=enforce: only registered operations run; anything else
 * is refused before it is planned or reaches a subgraph.
 */
export function safelistPlugin<TContext extends BaseContext>(operations: ReadonlyMap<string, string>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (operations.has(queryHash)) return;
          throw new GraphQLError('This operation is not registered: the server only runs the operations of its safelist', {
            extensions: { code: OPERATION_NOT_IN_SAFELIST, http: { status: 400 } },
          });
        },
      };
    },
  };
}

/**
 * The persisted-query store in enforce mode: the manifest itself, so a client
 * may send a registered operation by its hash alone; nothing else is stored.
 * Apollo prefixes the keys it asks for (`apq:<hash>`).
 */
export function safelistQueryStore(operations: ReadonlyMap<string, string>) {
  return {
    async get(key: string) {
      return operations.get(key.slice(key.lastIndexOf(':') + 1));
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}
