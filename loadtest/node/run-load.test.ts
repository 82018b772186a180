import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '../../test/support/mock-graphql-api.js';

const root = path.resolve(import.meta.dirname, '../..');
let api: MockApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** `npm run load -- …` as a child process (the mock API keeps answering meanwhile). */
function load(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'loadtest/node/run-load.ts', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

describe('npm run load (loadtest/node/run-load.ts)', () => {
  it('when a threshold fails, then it prints the table, writes the JSON report and exits 1', async () => {
    api = await startMockApi({ fail: ['UpdateProduct'] });
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'load-cli-')), 'report.json');
    const run = await load(['product-update', '--base-url', api.url.replace(/\/graphql$/, ''), '--requests', '12', '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/UpdateProduct\s+6\s+6\s+100\.00/);
    expect(run.stdout).toContain('✗ error rate 50%');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ scenario: 'product-update', profile: 'smoke', passed: false, total: { requests: 12, failures: 6 } });
  }, 60_000);

  it('when the scenario is unknown or the target is down, then it says so and exits 2', async () => {
    expect(await load(['nope'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown scenario nope') });
    expect(await load(['classic', '--base-url', 'http://127.0.0.1:9'])).toMatchObject({ status: 2, stderr: expect.stringContaining('is the system up?') });
  }, 60_000);
});
