import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The web app (web/): typed GraphQL operations generated from the supergraph
 * (GraphQL Code Generator, web/codegen.ts), then the Vite build into
 * web/dist, which the router serves at `/`.
 *
 *   tsx tools/web/build-web.ts             generate and build
 *   tsx tools/web/build-web.ts --if-stale  only when web/dist is missing or older than its sources
 */
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const webDir = path.join(root, 'web');
const distIndex = path.join(webDir, 'dist', 'index.html');

export const webAppPresent = (): boolean => existsSync(path.join(webDir, 'codegen.ts'));

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== 'gql' && name !== 'dist' && name !== 'node_modules')
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), 0);
}

/** True when web/dist is missing or any source (or the supergraph) changed after it was built. */
export function webBuildIsStale(): boolean {
  if (!existsSync(distIndex)) return true;
  const sources = [webDir, path.join(root, 'supergraph', 'supergraph.graphql')];
  return Math.max(...sources.map(newestMtime)) > statSync(distIndex).mtimeMs;
}

export function generateWebOperations(): void {
  const codegenCli = path.join(path.dirname(require.resolve('@graphql-codegen/cli/package.json')), 'cjs/bin.js');
  execFileSync(process.execPath, [codegenCli, '--config', path.join('web', 'codegen.ts')], { cwd: root, stdio: 'inherit' });
}

export function buildWeb(): void {
  generateWebOperations();
  const viteCli = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [viteCli, 'build', '--config', path.join('web', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

/** Builds when needed; returns whether it built. */
export function buildWebIfStale(): boolean {
  if (!webAppPresent() || !webBuildIsStale()) return false;
  buildWeb();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale')) console.log(buildWebIfStale() ? 'web app: built (web/dist)' : 'web app: up to date');
  else {
    buildWeb();
    console.log('web app: built (web/dist)');
  }
}
