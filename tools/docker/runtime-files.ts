import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDir, root } from '../launcher/service-build.js';
import { prismaRoot } from '../../platform/db/migrations.js';
import { loadConfig } from '../../platform/config/config.js';
import { supergraphFile } from '../../supergraph/composition.js';
import { playgroundAssetFiles } from '../../supergraph/playground.js';
import { composedSubgraphs, schemaFileOf } from '../../contracts/subgraphs.js';
import { webDistDir } from '../../supergraph/web-app.js';

const require = createRequire(import.meta.url);

/**
 * Everything a service of the image reads at run time, as paths in the
 * project: the service bundles (packages included, service-build.ts), the
 * files modules read next to their sources (subgraph schemas, the
 * supergraph, the safelist, migrations, the web app), the one package left
 * outside the bundles that the image uses (the migrations' schema engine,
 * which reads its .wasm), and GraphiQL's files for development mode. The
 * image holds these and nothing else: no node_modules, no sources, no
 * tools (Dockerfile, runtime stage).
 */
export function runtimeFiles(): string[] {
  // The schema engine's package exports no package.json; its entry lies at its root.
  const schemaEngineDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const files = [
    path.join(root, 'package.json'),
    buildDir,
    prismaRoot,
    supergraphFile,
    path.resolve(root, loadConfig({}).OPERATION_SAFELIST_FILE),
    webDistDir,
    ...composedSubgraphs.map(schemaFileOf),
    schemaEngineDir,
    ...playgroundAssetFiles,
    // The playground finds its files through their packages' package.json.
    ...new Set(playgroundAssetFiles.map(packageJsonOf)),
  ];
  return files.map((file) => path.relative(root, file));
}

function packageJsonOf(file: string): string {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'package.json');
  }
  throw new Error(`${file} belongs to no package`);
}

/** Copies the runtime files into `target`, at the same relative paths. */
export function stageRuntimeFiles(target: string): string[] {
  const files = runtimeFiles();
  const missing = files.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length) throw new Error(`runtime files missing (build first): ${missing.join(', ')}`);
  rmSync(target, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    // Source maps stay: with --enable-source-maps a stack trace names our sources.
    cpSync(path.join(root, file), path.join(target, file), { recursive: true, filter: (source) => !source.endsWith('.tmp') && !source.includes(`${path.sep}test-sources`) });
  }
  return files;
}

//   tsx tools/docker/runtime-files.ts <target>   copies the runtime files into target (the Dockerfile's build stage)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: tsx tools/docker/runtime-files.ts <target-directory>');
    process.exit(2);
  }
  console.log(`runtime files: ${stageRuntimeFiles(path.resolve(target)).join(', ')}`);
}
