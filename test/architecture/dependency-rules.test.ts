import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dependency-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The rules `npm run lint:architecture` breaks over a small tree of these files (path → source). */
function brokenRules(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(scratch, 'tree-'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0]!))];
  const run = spawnSync(path.join(root, 'node_modules/.bin/depcruise'), [...folders, '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: dir, encoding: 'utf8' });
  const result = JSON.parse(run.stdout) as { summary: { violations: Array<{ rule: { name: string } }> } };
  return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
}

// Each case starts dependency-cruiser (a few seconds on a loaded machine).
describe('architecture rules (dependency-cruiser)', { timeout: 60_000 }, () => {
  it('when a subgraph imports another subgraph or the router, then the rules name both imports', () => {
    expect(
      brokenRules({
        'subgraphs/sales/domain/a.ts': "import { b } from '../../catalog/b.js';\nimport { r } from '../../../supergraph/r.js';\nexport const a = b + r;\n",
        'subgraphs/catalog/b.ts': 'export const b = 1;\n',
        'supergraph/r.ts': 'export const r = 1;\n',
      }),
    ).toEqual(['subgraphs-are-independent', 'subgraphs-below-the-router-and-tools']);
  });

  it('when platform imports a tool or the router imports the web app, then their layer rules fail', () => {
    expect(
      brokenRules({
        'platform/server/a.ts': "import { t } from '../../tools/launcher/t.js';\nexport const a = t;\n",
        'tools/launcher/t.ts': 'export const t = 1;\n',
        'supergraph/router.ts': "import { routes } from '../web/routes.js';\nexport const r = routes;\n",
        'web/routes.ts': 'export const routes = [];\n',
      }),
    ).toEqual(['platform-is-the-shared-runtime', 'router-imports-no-app']);
  });

  it('when shipped code imports a test helper, then it fails; a test importing the same helper passes', () => {
    const helper = { 'subgraphs/sales/test-support/h.ts': 'export const h = 1;\n' };
    expect(brokenRules({ ...helper, 'subgraphs/sales/domain/a.ts': "import { h } from '../test-support/h.js';\nexport const a = h;\n" })).toEqual(['production-never-imports-test-code']);
    expect(brokenRules({ ...helper, 'subgraphs/sales/domain/a.test.ts': "import { h } from '../test-support/h.js';\nexport const a = h;\n" })).toEqual([]);
    // The web app and the tools ship too (the app to browsers, the tools into the image's build).
    const support = { 'test/support/s.ts': 'export const s = 1;\n' };
    expect(brokenRules({ ...support, 'web/src/lib/a.ts': "import { s } from '../../../test/support/s.js';\nexport const a = s;\n" })).toEqual(['production-never-imports-test-code']);
    expect(brokenRules({ ...support, 'tools/docker/a.ts': "import { s } from '../../test/support/s.js';\nexport const a = s;\n" })).toEqual(['production-never-imports-test-code']);
  });

  it('when a domain module reads the configuration, then it fails; naming the Config type passes', () => {
    const config = { 'platform/config/config.ts': 'export interface Config { A: number }\nexport const config = (): Config => ({ A: 1 });\n' };
    expect(brokenRules({ ...config, 'subgraphs/sales/domain/a.ts': "import { config } from '../../../platform/config/config.js';\nexport const a = config().A;\n" })).toEqual(['domain-is-given-its-configuration']);
    expect(brokenRules({ ...config, 'subgraphs/sales/domain/a.ts': "import type { Config } from '../../../platform/config/config.js';\nexport const a = (c: Config) => c.A;\n" })).toEqual([]);
  });

  it('when two modules import each other, then the circle fails', () => {
    expect(
      brokenRules({
        'subgraphs/reporting/context.ts': "import { d } from './domain/d.js';\nexport const c = () => d;\n",
        'subgraphs/reporting/domain/d.ts': "import type { c } from '../context.js';\nexport const d = 1 as unknown as typeof c;\n",
      }),
    ).toEqual(['no-circular']);
  });
});
