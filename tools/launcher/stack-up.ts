import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { config, subgraphPort } from '../../platform/config/config.js';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import type { DaemonProcess } from './daemon-process.js';
import { startLocalPostgres, startLocalRedis, type LocalServer } from './local-servers.js';
import { assertPortsFree, freePort } from './ports.js';
import { isAlive, readState, removeState, writeState, type StackState } from './stack-state.js';
import { startStack, type RunningStack } from './stack.js';
import { createLogger } from '../../platform/logging/logger.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';

/**
 * `npm run stack`: the production topology on this machine without Docker.
 * PostgreSQL (DATABASE_URL, or a local server in STACK_DATA_DIR/postgres),
 * Redis (REDIS_URL, or redis-server in STACK_DATA_DIR/redis), migrations,
 * every subgraph, ROUTER_REPLICAS routers and Nginx on NGINX_PORT, all on
 * loopback. Ctrl-C or `npm run stack:down` stops everything.
 */
const c = config();
const logger = createLogger('stack');
const dir = path.resolve(c.STACK_DATA_DIR);
const logDir = path.join(dir, 'logs');
mkdirSync(logDir, { recursive: true });

const previous = readState(dir);
if (previous && isAlive(previous.launcher.pid, previous.launcher.match)) {
  console.error(`A stack is already running (launcher pid ${previous.launcher.pid}, ${previous.url ?? 'starting'}): npm run stack:down first.`);
  process.exit(1);
}
if (previous) removeState(dir);

const routerPorts = Array.from({ length: c.ROUTER_REPLICAS }, (_, i) => c.ROUTER_PORT + i);
await assertPortsFree({
  NGINX_PORT: c.NGINX_PORT,
  ...Object.fromEntries(routerPorts.map((p, i) => [`router-${i + 1}`, p])),
  ...Object.fromEntries(composedSubgraphs.map((name) => [name, subgraphPort(name, c)])),
}).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

const logFds: number[] = [];
const logFile = (name: string) => {
  const fd = openSync(path.join(logDir, `${name}.log`), 'a');
  logFds.push(fd);
  return fd;
};

const state: StackState = { launcher: { pid: process.pid, match: 'tools/launcher/stack-up.ts' }, processes: [] };
const record = (name: string, pid: number | undefined, signal: NodeJS.Signals, match: string) => {
  if (pid === undefined) return;
  state.processes.push({ name, pid, signal, match });
  writeState(dir, state);
};
const recordDaemon = (p: DaemonProcess) => record(p.name, p.pid, p.stopSignal, p.command);
writeState(dir, state);

let postgres: LocalServer | undefined;
let redis: LocalServer | undefined;
let stack: RunningStack | undefined;
let stopping = false;

const teardown = async (reason: string, code: number) => {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'stopping the stack');
  await stack?.stop().catch((error) => logger.error({ err: error }, 'stopping services failed'));
  await redis?.stop().catch((error) => logger.error({ err: error }, 'stopping Redis failed'));
  await postgres?.stop().catch((error) => logger.error({ err: error }, 'stopping PostgreSQL failed'));
  removeState(dir);
  for (const fd of logFds) closeSync(fd);
  console.log('Stack stopped.');
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void teardown(signal, 0));

try {
  let databaseUrl = c.DATABASE_URL;
  if (!databaseUrl) {
    const port = await freePort();
    logger.info({ port, dataDir: path.join(dir, 'postgres') }, 'starting PostgreSQL');
    postgres = await startLocalPostgres({ dataDir: path.join(dir, 'postgres'), port, database: 'retail', stdio: logFile('postgres'), detached: true });
    recordDaemon(postgres.process);
    databaseUrl = postgres.url;
  }
  let redisUrl = c.REDIS_URL;
  if (!redisUrl) {
    const port = await freePort();
    logger.info({ port, dataDir: path.join(dir, 'redis') }, 'starting Redis');
    redis = await startLocalRedis({ dataDir: path.join(dir, 'redis'), port, stdio: logFile('redis'), detached: true });
    recordDaemon(redis.process);
    redisUrl = redis.url;
  }
  if (stopping) throw new Error('interrupted');

  const applied = await applyAllMigrations(databaseUrl);
  logger.info({ applied }, 'migrations applied');

  logger.info({ subgraphs: composedSubgraphs, routers: routerPorts, nginx: c.NGINX_PORT }, 'starting services');
  stack = await startStack({
    subgraphs: composedSubgraphs,
    env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
    routerPorts,
    nginx: { dir: path.join(dir, 'nginx'), port: c.NGINX_PORT, corsOrigins: c.CORS_ALLOWED_ORIGINS, rateLimit: { perSecond: c.RATE_LIMIT_RPS, burst: c.RATE_LIMIT_BURST } },
    stdio: logFile,
    detached: true,
    readyTimeoutMs: 180_000,
  });
  for (const service of stack.system.services) record(service.name, service.child.pid, 'SIGTERM', service.script);
  recordDaemon(stack.nginx.process);
  state.url = stack.url;
  writeState(dir, state);
} catch (error) {
  if (!stopping) {
    logger.error({ err: error }, 'the stack did not start');
    console.error(`\nThe stack did not start: ${(error as Error).message}\nLogs: ${logDir}`);
    await teardown('failed start', 1);
  }
}

if (stack && !stopping) {
  console.log(`
  Retail federation stack is up (${routerPorts.length} router replicas behind Nginx).
    GraphQL endpoint : ${stack.url}   (the only public entry point)
    Routers          : ${stack.system.routerUrls.join(', ')}
    PostgreSQL       : ${postgres ? `local server, data in ${path.join(dir, 'postgres')}` : 'DATABASE_URL'}
    Redis            : ${redis ? `local redis-server on ${redis.url}` : 'REDIS_URL'}
    Logs             : ${logDir}  (Nginx: ${stack.nginx.accessLog})
  Ctrl-C here, or \`npm run stack:down\` from anywhere, stops everything.
`);
  // A service that dies is reported; the stack keeps running (Nginx routes around a dead router).
  for (const service of stack.system.services) {
    service.child.once('exit', (code, signal) => {
      if (!stopping) logger.warn({ service: service.name, code, signal }, 'a service exited');
    });
  }
}
