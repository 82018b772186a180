import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, portIsFree } from '../../tools/launcher/ports.js';
import { isAlive, readState, type StackState } from '../../tools/launcher/stack-state.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { postGraphQL } from '../support/http-client.js';

/**
 * `npm run stack` as a user runs it, with nothing but the binaries on the
 * machine: no DATABASE_URL nor REDIS_URL, so it starts its own PostgreSQL
 * (data under STACK_DATA_DIR) and redis-server; then `npm run stack:down`
 * and Ctrl-C take everything down.
 */
const root = path.resolve(import.meta.dirname, '../..');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let nginxPort: number;
const started: ChildProcess[] = [];

/** Two consecutive free ports for ROUTER_PORT and ROUTER_PORT+1. */
async function consecutiveFreePorts(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await portIsFree(port + 1))) return port;
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'retail-npm-stack-'));
  // PostgreSQL (its own user when run as root) and Nginx's workers reach their directories below.
  chmodSync(dataDir, 0o755);
  nginxPort = await freePort();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  env = {
    ...inherited,
    STACK_DATA_DIR: dataDir,
    NGINX_PORT: String(nginxPort),
    ROUTER_PORT: String(await consecutiveFreePorts()),
    ROUTER_REPLICAS: '2',
    CATALOG_PORT: String(await freePort()),
    INVENTORY_PORT: String(await freePort()),
    SALES_PORT: String(await freePort()),
    ACCOUNTS_PORT: String(await freePort()),
    REPORTING_PORT: String(await freePort()),
    PASSWORD_HASH_COST: '1024',
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  // Whatever a failed test left behind goes down the documented way.
  if (dataDir && readState(dataDir)) spawnSync('npm', ['run', '--silent', 'stack:down'], { cwd: root, env, stdio: 'ignore' });
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run stack` in its own process group, as in a terminal; resolves once it printed that it is up. */
async function npmRunStack(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('npm', ['run', 'stack'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; !output.includes('stack is up'); i++) {
    if (child.exitCode !== null || i > 2400) throw new Error(`npm run stack did not come up:\n${output}`);
    await sleep(100);
  }
  return { child, output: () => output };
}

const waitUntilGone = async (state: StackState) => {
  const everything = [state.launcher, ...state.processes];
  for (let i = 0; i < 600 && everything.some((p) => isAlive(p.pid, p.match)); i++) await sleep(100);
  return everything.filter((p) => isAlive(p.pid, p.match)).map((p) => ('name' in p ? p.name : 'launcher'));
};

const ADMIN_LOGIN = 'mutation { login(email: "admin@retail.test", password: "admin") { token } }';

describe('npm run stack', () => {
  const sku = `STACK-${Date.now().toString(36).toUpperCase()}`;

  it('when started with no database nor Redis given, then it runs its own PostgreSQL and Redis, N routers behind Nginx, and `npm run stack:down` stops every process', async () => {
    const { output } = await npmRunStack();
    expect(output()).toContain(`http://127.0.0.1:${nginxPort}/graphql`);
    const state = readState(dataDir)!;
    expect(state.processes.map((p) => p.name).sort()).toEqual([...composedSubgraphs, 'nginx', 'postgres', 'redis', 'router-1', 'router-2'].sort());
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const url = `http://127.0.0.1:${nginxPort}/graphql`;
    const servedBy = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const reply = await postGraphQL(url, '{ categories }');
      expect(reply.status).toBe(200);
      servedBy.add(String(reply.headers['x-served-by']));
    }
    expect(servedBy.size).toBe(2);
    const token = (JSON.parse((await postGraphQL(url, ADMIN_LOGIN)).body) as { data: { login: { token: string } } }).data.login.token;
    const created = await postGraphQL(url, `mutation { createProduct(input: { sku: "${sku}", name: "Stack Survivor", category: "Pantry", price: "1.00" }) { id } }`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(JSON.parse(created.body).data.createProduct.id).toBeTruthy();

    const down = spawnSync('npm', ['run', 'stack:down'], { cwd: root, env, encoding: 'utf8' });
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toContain('Stack stopped.');
    expect(await waitUntilGone(state)).toEqual([]);
    expect(readState(dataDir)).toBeUndefined();
    expect(await portIsFree(nginxPort)).toBe(true);
  });

  it('when started again and stopped with Ctrl-C, then the data is still there and every process stops', async () => {
    const { child } = await npmRunStack();
    const state = readState(dataDir)!;
    const url = `http://127.0.0.1:${nginxPort}/graphql`;
    const found = JSON.parse((await postGraphQL(url, `{ products(search: "${sku}") { totalCount } }`)).body);
    expect(found.data.products.totalCount).toBe(1);

    // Ctrl-C in a terminal: SIGINT to the whole foreground process group.
    process.kill(-child.pid!, 'SIGINT');
    expect(await waitUntilGone(state)).toEqual([]);
    expect(readState(dataDir)).toBeUndefined();
    expect(await portIsFree(nginxPort)).toBe(true);
  });
});
