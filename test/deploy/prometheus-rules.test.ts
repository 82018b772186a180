import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** promtool comes with Debian's prometheus package (installed by .ci/run). */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const rules = path.join(root, 'infra/prometheus/rules');

describe('Prometheus configuration', () => {
  it('when promtool checks the alerting rules, then they are valid', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', path.join(rules, 'retail-alerts.yml')]);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('when promtool runs the rule unit tests, then every alert fires exactly when expected', async () => {
    const { stdout } = await run('promtool', ['test', 'rules', 'retail-alerts.test.yml'], { cwd: path.join(root, 'infra/prometheus/tests') });
    expect(stdout).toContain('SUCCESS');
  });

  it('when promtool checks prometheus.yml, then its syntax is valid', async () => {
    const { stdout } = await run('promtool', ['check', 'config', '--syntax-only', path.join(root, 'infra/prometheus/prometheus.yml')]);
    expect(stdout).toContain('SUCCESS');
  });
});
