import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { init as initModuleLexer, parse as parseModule } from 'es-module-lexer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNALS, buildDir, buildServiceBundleSync, buildServiceBundles, bundlePath, root, serviceEntries, withSourceLocation } from './service-build.js';
import { spawnService } from './service-process.js';

const fixture = path.join(import.meta.dirname, '../../test/support/service-build.fixture.ts');

// Each test starts Node processes (esbuild, the service), slow on a busy machine.
describe('service bundles', { timeout: 60_000 }, () => {
  const scratch = path.join(buildDir, 'test-sources', randomUUID());
  beforeAll(() => initModuleLexer);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('when an entry is mapped, then its bundle lies under .build at the same relative path, and entries outside the project are refused', () => {
    expect(bundlePath('subgraphs/catalog/server.ts')).toBe(path.join(root, '.build', 'subgraphs', 'catalog', 'server.js'));
    expect(bundlePath(path.join(root, 'supergraph', 'router.ts'))).toBe(path.join(root, '.build', 'supergraph', 'router.js'));
    expect(() => bundlePath('/tmp/elsewhere.ts')).toThrow(/outside the project/);
  });

  it('when a module refers to import.meta, then its own source location takes its place, and other import.meta uses stay', () => {
    const file = '/srv/app/subgraphs/catalog/server.ts';
    const out = withSourceLocation('a(import.meta.url); b(import.meta.dirname, import.meta.filename); c(import.meta.resolve)', file);
    expect(out).toBe('a("file:///srv/app/subgraphs/catalog/server.ts"); b("/srv/app/subgraphs/catalog", "/srv/app/subgraphs/catalog/server.ts"); c(import.meta.resolve)');
  });

  it('when a bundle runs, then each of its modules finds its files next to its own source, not next to the bundle', () => {
    const bundle = buildServiceBundleSync(fixture);
    expect(bundle).toBe(bundlePath(fixture));
    const seen = JSON.parse(execFileSync(process.execPath, [bundle], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(seen).toEqual({
      url: pathToFileURL(fixture).href,
      dirname: path.dirname(fixture),
      filename: fixture,
      ownSourceRead: true,
      catalogSchemaFile: path.join(root, 'subgraphs', 'catalog', 'schema.graphql'),
    });
  });

  it('when a source changes between two starts, then the second start runs the changed source', async () => {
    mkdirSync(scratch, { recursive: true });
    const entry = path.join(scratch, 'entry.ts');
    const output = path.join(scratch, 'output.txt');
    const runOnce = async (word: string) => {
      writeFileSync(path.join(scratch, 'word.ts'), `export const word: string = ${JSON.stringify(word)};\n`);
      writeFileSync(entry, `import { word } from './word.js';\nconsole.log(word);\n`);
      const fd = openSync(output, 'w');
      try {
        const service = spawnService('word', entry, process.env, 'http://127.0.0.1:1', fd);
        await new Promise((resolve) => service.child.once('exit', resolve));
      } finally {
        closeSync(fd);
      }
      return readFileSync(output, 'utf8').trim();
    };
    expect(await runOnce('first')).toBe('first');
    expect(await runOnce('second')).toBe('second');
  });

  it('when a source does not compile, then the build fails naming the file and the error', () => {
    mkdirSync(scratch, { recursive: true });
    const broken = path.join(scratch, 'broken.ts');
    writeFileSync(broken, 'export const x = ;\n');
    expect(() => buildServiceBundleSync(broken)).toThrow(/broken\.ts[\s\S]*Unexpected ";"/);
  });

  it('when every service entry is built, then each has its bundle and source map, and nothing it loads imports a package but the declared externals', async () => {
    const bundles = await buildServiceBundles(serviceEntries);
    expect(bundles).toEqual(serviceEntries.map(bundlePath));
    for (const bundle of bundles) {
      const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
      expect(map.sources.some((source) => !source.includes('node_modules'))).toBe(true);
    }
    const packagesImported = new Set<string>();
    for (const file of filesLoadedBy(bundles)) for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.') && !specifier.startsWith('node:')) packagesImported.add(specifier);
    }
    const external = (specifier: string) => BUNDLE_EXTERNALS.some((pattern) => (pattern.endsWith('/*') ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern || specifier.startsWith(`${pattern}/`)));
    expect([...packagesImported].filter((specifier) => !external(specifier) && !builtinModules.includes(specifier))).toEqual([]);
  });
});

/** Module specifiers of a bundle's static and dynamic imports (dynamic ones with a literal specifier). */
function importSpecifiers(code: string): string[] {
  const [imports] = parseModule(code);
  return imports.map((entry) => entry.n).filter((specifier): specifier is string => specifier !== undefined);
}

/** A bundle and every chunk it reaches through relative imports. */
function filesLoadedBy(bundles: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
  };
  bundles.forEach(visit);
  return [...seen];
}
