import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { listDatabaseModules } from '../../platform/db/migrations.js';

/**
 * Generates what is not committed: one Prisma client per subgraph schema and
 * the resolver types of every subgraph (GraphQL Code Generator). Runs after
 * `npm install`/`npm ci`.
 */
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const prismaCli = require.resolve('prisma/build/index.js');
const codegenCli = path.join(path.dirname(require.resolve('@graphql-codegen/cli/package.json')), 'cjs/bin.js');

// `prisma generate` never runs the schema engine but insists that its binary
// exists; any file will do, and nothing is downloaded (its download host is
// not reachable from every machine, CI's included).
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };

for (const module of await listDatabaseModules()) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', module.schemaFile], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`prisma client: ${module.name}`);
}
execFileSync(process.execPath, [codegenCli, '--config', 'codegen.ts'], { cwd: root, env, stdio: 'inherit' });
console.log('resolver types: generated');

// The web app: typed operations from the supergraph, then its build (web/dist, served by the router at `/`).
const { buildWeb, webAppPresent } = await import('../web/build-web.js');
if (webAppPresent()) {
  buildWeb();
  console.log('web app: built (web/dist)');
}
