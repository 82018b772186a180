import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { operationNames, readOperation } from '../../loadtest/node/scenario-files.js';

const generatedWebDocuments = path.resolve(import.meta.dirname, '../../web/src/gql/graphql.ts');

export interface ShippedOperation {
  /** Where it comes from: `web` (the app's generated documents) or `loadtest`. */
  source: 'web' | 'loadtest';
  name: string;
  /** The exact text a client sends (what APQ and the safelist hash). */
  text: string;
}

/**
 * Every operation the product sends: the web app's typed documents (GraphQL
 * Code Generator output, sent as `document.toString()`) and the load scenarios'
 * operations (sent as the file's text by k6 and npm run load).
 */
export async function shippedOperations(): Promise<ShippedOperation[]> {
  if (!existsSync(generatedWebDocuments)) throw new Error(`${generatedWebDocuments} is missing: run npm run generate first`);
  const web = (await import(pathToFileURL(generatedWebDocuments).href)) as Record<string, unknown>;
  const webOperations = Object.entries(web)
    .filter(([name, value]) => name.endsWith('Document') && value instanceof String)
    .map(([name, value]) => ({ source: 'web' as const, name: name.slice(0, -'Document'.length), text: String(value) }));
  const loadOperations = operationNames().map((name) => ({ source: 'loadtest' as const, name, text: readOperation(name) }));
  return [...webOperations, ...loadOperations];
}
