import { writeFile } from 'node:fs/promises';
import { composeSupergraph, supergraphFile } from './composition.js';

/** `npm run compose`: writes supergraph/supergraph.graphql from the subgraph SDLs. */
const outcome = await composeSupergraph();
for (const hint of outcome.significantHints) console.warn(`hint ${hint.definition.code}: ${hint.message}`);
if (!outcome.supergraphSdl) {
  for (const error of outcome.errors) console.error(error);
  process.exit(1);
}
await writeFile(supergraphFile, outcome.supergraphSdl);
console.log(`wrote ${supergraphFile}`);
