import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { subgraphDefinition, subgraphNames, type SubgraphName } from '../../contracts/subgraphs.js';

export type { SubgraphName };

/**
 * Every environment variable the system reads, with its default; nothing
 * else reads process.env. The JSDoc comment above each key is its
 * description in docs/configuration.md, whose table `npm run docs:config`
 * generates from this schema (a unit test fails while it is stale): one
 * comment per key, written for operators. Notes for developers use `//`.
 */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

/** Development defaults of the secrets: fine on a laptop, refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production-0123456789';
export const DEV_SUBGRAPH_SIGNING_SECRET = 'dev-only-subgraph-signing-secret-change-me-0123456789';

export const configSchema = z.object({
  /** `development`, `production` or `test`. `production` masks internal errors, turns off introspection and the playground, and refuses the development secrets. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bind address of every HTTP server; compose sets `0.0.0.0`. */
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL server. Unset: `npm start` runs an embedded PostgreSQL and sets it for the processes it starts. */
  DATABASE_URL: optionalUrl,
  /** PostgreSQL connections per subgraph process (its Prisma client and plain SQL share them). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Port of the embedded PostgreSQL (`npm start` without DATABASE_URL). */
  EMBEDDED_PG_PORT: port(54329),
  /** Data directory of the embedded PostgreSQL; the data survives restarts. */
  EMBEDDED_PG_DATA_DIR: z.string().default('.data/postgres'),
  /** Router port (`npm run stack`: the first replica's). */
  ROUTER_PORT: port(4000),
  /** Port of the catalog subgraph. */
  CATALOG_PORT: port(subgraphDefinition('catalog').defaultPort),
  /** Port of the inventory subgraph. */
  INVENTORY_PORT: port(subgraphDefinition('inventory').defaultPort),
  /** Port of the sales subgraph. */
  SALES_PORT: port(subgraphDefinition('sales').defaultPort),
  /** Port of the accounts subgraph. */
  ACCOUNTS_PORT: port(subgraphDefinition('accounts').defaultPort),
  /** Port of the reporting subgraph. */
  REPORTING_PORT: port(subgraphDefinition('reporting').defaultPort),
  /** Where the router and other subgraphs reach catalog. Unset: `http://127.0.0.1:<CATALOG_PORT>/graphql`. */
  CATALOG_URL: optionalUrl,
  /** Where the router and other subgraphs reach inventory. Unset: `http://127.0.0.1:<INVENTORY_PORT>/graphql`. */
  INVENTORY_URL: optionalUrl,
  /** Where the router and other subgraphs reach sales. Unset: `http://127.0.0.1:<SALES_PORT>/graphql`. */
  SALES_URL: optionalUrl,
  /** Where the router and other subgraphs reach accounts. Unset: `http://127.0.0.1:<ACCOUNTS_PORT>/graphql`. */
  ACCOUNTS_URL: optionalUrl,
  /** Where the router and other subgraphs reach reporting. Unset: `http://127.0.0.1:<REPORTING_PORT>/graphql`. */
  REPORTING_URL: optionalUrl,
  /** HMAC key of access tokens, at least 32 characters; `NODE_ENV=production` refuses to start with the development default. Empty counts as unset. */
  JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  /** A file holding JWT_SECRET, read when JWT_SECRET is unset or empty (compose's generated secrets, mounted secrets); a file that cannot be read is a configuration error. */
  JWT_SECRET_FILE: z.string().optional(),
  /** Issuer of access tokens, written into each and checked on every one. */
  JWT_ISSUER: z.string().default('retail-federation'),
  /** Audience of access tokens, written into each and checked on every one. */
  JWT_AUDIENCE: z.string().default('retail-api'),
  /** Access token lifetime, 300 … 28800 s (at most a working shift); a token older than this is refused whatever its `exp` says, and the web app signs in again. */
  JWT_TTL_SECONDS: z.coerce.number().int().min(300).max(8 * 3600).default(3600),
  /** Clock difference tolerated on a token's `exp`, `nbf` and `iat` (0 … 300 s). */
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Shared HMAC key of router → subgraph and subgraph → subgraph (saga) requests, at least 32 characters; `NODE_ENV=production` refuses to start with the development default. */
  SUBGRAPH_SIGNING_SECRET: z.string().min(32).default(DEV_SUBGRAPH_SIGNING_SECRET),
  /** A file holding SUBGRAPH_SIGNING_SECRET, read when that is unset or empty. */
  SUBGRAPH_SIGNING_SECRET_FILE: z.string().optional(),
  /** A subgraph refuses a signed request whose timestamp is further than this from its clock (1 … 600 s). */
  SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /** scrypt cost (N) of password hashes; lower only in tests. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(1024).default(16384),
  /** Router → subgraph timeout (retries included), and the timeout of the saga's calls between subgraphs. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Router: SUBGRAPH_TIMEOUT_MS of some subgraphs, e.g. `reporting=20000,catalog=3000` (each at least 100). */
  SUBGRAPH_TIMEOUTS_MS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((pair) => pair.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(new RegExp(`^(${subgraphNames.join('|')})=\\d+$`), 'each entry is <subgraph>=<milliseconds>')))
    .transform((pairs) => Object.fromEntries(pairs.map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])) as Partial<Record<SubgraphName, number>>)
    .refine((timeouts) => Object.values(timeouts).every((ms) => ms >= 100), 'each timeout is at least 100 ms'),
  /** Router: deadline of each attempt of a subgraph fetch; a query that exceeds it is retried within the subgraph's timeout. Unset: the subgraph's timeout (a hung subgraph is not asked twice). */
  SUBGRAPH_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(50).optional(),
  /** Router: retries of a subgraph query (never a mutation) after a refused or reset connection, a 502/503/504 answer or an attempt timeout (0 … 5). */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Router: delay before the first retry; later ones grow exponentially with jitter (at most 1 s). */
  SUBGRAPH_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Router: most entity representations in one subgraph fetch; a larger `_entities` fetch goes out deduplicated, in batches of this many. */
  SUBGRAPH_MAX_REPRESENTATIONS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Router: consecutive failed attempts (down, hung, 502/503/504) that open a subgraph's circuit breaker; the attempts one dying replica resets together count once. */
  SUBGRAPH_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  /** Router: how long an open circuit fails fast with SERVICE_UNAVAILABLE before one probe may reach the subgraph. */
  SUBGRAPH_BREAKER_OPEN_MS: z.coerce.number().int().min(100).default(5_000),
  /** Held stock reservations older than this are released by inventory. */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(5).default(900),
  /** A saga untouched this long is recovered (compensated or completed). */
  SAGA_STALE_AFTER_MS: z.coerce.number().int().min(100).default(15_000),
  /** How often sales looks for stale sagas and inventory for expired reservations. */
  SAGA_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  /**
   * Tests only (fault injection): the sales process exits with code 137 right
   * after persisting this saga step (`PRICED`, `RESERVED` or
   * `SALE_PERSISTED`), as if it had crashed there. Never set it in production.
   */
  SAGA_CRASH_AFTER: z.enum(['PRICED', 'RESERVED', 'SALE_PERSISTED']).optional(),
  /**
   * Redis server for the event streams and the query-result cache. Absent:
   * in-process implementations (the launcher hosts the event bus, each
   * process has its own LRU cache).
   */
  REDIS_URL: optionalUrl,
  /**
   * Event bus transport: `redis`, `memory` (one process) or `ipc`. Unset:
   * `redis` with REDIS_URL, else `memory`. The launcher sets `ipc` (and
   * EVENT_BUS_SOCKET) for the processes it starts without REDIS_URL: they
   * share the bus it hosts.
   */
  EVENT_BUS: z
    .enum(['redis', 'memory', 'ipc'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** With EVENT_BUS=ipc: the local socket where the launcher serves its bus (set by the launcher). */
  EVENT_BUS_SOCKET: z.string().optional(),
  /** Prefix of every Redis key (streams, consumer groups, cache); tests use a unique one per run. */
  REDIS_KEY_PREFIX: z.string().default('retail:'),
  /** A store's quantity at or below this is a stock-out on the dashboard and raises a `StockAlert`. */
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).default(5),
  /** A store's quantity at or above this is overstock on the dashboard. */
  OVERSTOCK_THRESHOLD: z.coerce.number().int().min(1).default(100),
  /** Time zone of report days (today, daily revenue series). */
  REPORT_TIME_ZONE: z.string().default('UTC'),
  /** How often the outbox relays look for unpublished events (they are also woken after each write). */
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(250),
  /** Events left pending this long by a consumer that died are reclaimed by another. */
  EVENT_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(10_000),
  /** Query-result cache of stock, reports and product lookups (`false`: every query goes to the database). */
  CACHE_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Lifetime of cached stock lists and product stock. */
  CACHE_STOCK_TTL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Lifetime of cached reports, dashboard and alerts. */
  CACHE_REPORT_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Lifetime of cached product lookups (catalog); a change invalidates them at once. */
  CACHE_CATALOG_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Memory bound of the in-process cache (bytes of serialized entries). */
  CACHE_MAX_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /** A cache operation slower than this is abandoned and the database answers. */
  CACHE_TIMEOUT_MS: z.coerce.number().int().min(1).default(100),
  /**
   * Without REDIS_URL: the local socket where the launcher relays tag bumps between the processes it starts (set by the
   * launcher), so a write in one makes the in-process cache entries of every other stale before it answers.
   */
  CACHE_PEERS_SOCKET: z.string().optional(),
  /**
   * Router: cache subgraph answers that the subgraphs declare cacheable (@cacheable; docs/response-cache.md), in Redis
   * (REDIS_URL, shared by every router replica), or without it in the router's memory when the launcher relays the
   * subgraphs' invalidations (CACHE_PEERS_SOCKET); with neither it stays off. `false` turns it off.
   */
  RESPONSE_CACHE_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Router: a response cache operation slower than this is abandoned and the subgraph answers. */
  RESPONSE_CACHE_TIMEOUT_MS: z.coerce.number().int().min(1).default(100),
  /** Router: answers larger than this (bytes of JSON) are not cached. */
  RESPONSE_CACHE_MAX_ENTRY_BYTES: z.coerce.number().int().min(1024).default(512 * 1024),
  // Tracing uses OpenTelemetry's standard variable names.
  /** Tracing: `none` (off), `otlp` sends spans to OTEL_EXPORTER_OTLP_ENDPOINT over HTTP, `console` prints them. */
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
  /** OTLP/HTTP receiver of the spans (the collector). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().default('http://127.0.0.1:4318'),
  /** Fraction of new traces recorded (0–1); a sampled parent is always followed. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** How long finished spans wait to be exported in a batch (ms). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).default(5000),
  /** Seed the demo data into empty tables at start. */
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** `npm run stack`: router replicas behind Nginx, on ROUTER_PORT, ROUTER_PORT+1 … */
  ROUTER_REPLICAS: z.coerce.number().int().min(1).max(16).default(2),
  /** `npm run stack`: Nginx's public port (the compose nginx service publishes PUBLIC_PORT). */
  NGINX_PORT: port(8080),
  /** Origins (scheme://host[:port], comma-separated) whose browsers may call the API through Nginx (CORS). */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('http://localhost:8080,http://127.0.0.1:8080,http://localhost:5173')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'each origin is scheme://host[:port]'))),
  /** Nginx's rate limit per client address, in requests per second; beyond it and the burst, 429 `RATE_LIMITED`. */
  RATE_LIMIT_RPS: z.coerce.number().int().min(1).default(50),
  /** Requests a client address may send above RATE_LIMIT_RPS before Nginx answers 429. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(0).default(100),
  /** `npm run stack`: state file, logs, Nginx files and the local PostgreSQL/Redis data. */
  STACK_DATA_DIR: z.string().default('.data/stack'),
  // Abusive operations are refused by the router before any subgraph sees
  // them (QUERY_TOO_COMPLEX, or BAD_USER_INPUT for `first`). The defaults
  // pass every operation the product ships (web app, load scenarios) at its
  // largest variables, with room to spare: the largest costs about 4,100
  // (the dashboard over 366 days), is 7 levels deep, has 8 aliases, 7 root
  // fields and 190 tokens (GraphiQL's introspection query).
  /** Largest request body of the router and subgraphs (413 `PAYLOAD_TOO_LARGE`, not read further). */
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  // A megabyte of `[[[…` parses into half a million arrays, tens of MB of
  // heap for one request; real variables nest a few levels.
  /** Deepest nesting of arrays and objects in a JSON request body of the router and subgraphs (400 `BAD_REQUEST`, refused before parsing). */
  GRAPHQL_MAX_JSON_DEPTH: z.coerce.number().int().min(8).default(64),
  /** Router: lexical tokens of a document; parsing stops beyond (`QUERY_TOO_COMPLEX`, `limit: "tokens"`). */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(1000),
  /** Router: deepest nesting of an operation, fragments counted, introspection's `__schema` not (`QUERY_TOO_COMPLEX`, `limit: "depth"`). */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(10),
  /** Router: aliases in an operation (`QUERY_TOO_COMPLEX`, `limit: "aliases"`). */
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(20),
  /** Router: root fields, through fragments (`QUERY_TOO_COMPLEX`, `limit: "rootFields"`). */
  GRAPHQL_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(15),
  /** Router: directives in an operation (`QUERY_TOO_COMPLEX`, `limit: "directives"`). */
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
  /** Router: largest operation cost, the objects it may resolve with lists multiplied by their size (`QUERY_TOO_COMPLEX`, `limit: "cost"`; `supergraph/operation-cost.ts`). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(10_000),
  /** Largest `first` of a connection: the router answers `BAD_USER_INPUT`, and subgraphs refuse more as well. */
  GRAPHQL_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** Router: items the cost assumes for a list without a size argument (stores, sale lines, alerts …). */
  GRAPHQL_LIST_SIZE_ESTIMATE: z.coerce.number().int().min(1).default(10),
  /** Router: how long an automatic persisted query is kept (in Redis with REDIS_URL, else in process). */
  APQ_TTL_SECONDS: z.coerce.number().int().min(1).default(24 * 3600),
  /** `enforce`: the router runs only the operations of OPERATION_SAFELIST_FILE and refuses others with `OPERATION_NOT_IN_SAFELIST`; `off`: any operation. */
  OPERATION_SAFELIST: z.enum(['off', 'enforce']).default('off'),
  /** The safelist manifest (sha256 of the operation text → text, written by `npm run safelist`); relative to the project root. */
  OPERATION_SAFELIST_FILE: z.string().default('supergraph/operation-safelist.json'),
  // Login brute-force protection (accounts): only failures count, and a
  // successful login clears its account's count, so tills signing in all day
  // from one address are never held up.
  /** Accounts: failed logins for one email (known or not) within LOGIN_FAILURE_WINDOW_SECONDS after which login answers `TOO_MANY_ATTEMPTS` until the window ends. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Accounts: failed logins from one client address within the window after which login answers `TOO_MANY_ATTEMPTS`. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  /** Accounts: the fixed window failed logins are counted over (and the longest wait). */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(withSecretFiles(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  refuseDevSecretsInProduction(parsed.data);
  return parsed.data;
}

/** Secrets that may come from a file (`<NAME>_FILE`) instead of the environment. */
export const FILE_SECRETS = ['JWT_SECRET', 'SUBGRAPH_SIGNING_SECRET'] as const;

/**
 * The environment with each secret that is unset or empty taken from its
 * `<NAME>_FILE`, trimmed: compose generates them into a volume on first
 * start, orchestrators mount them as files. A named file that cannot be
 * read is a configuration error, not a silent fallback to the default.
 */
function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved = { ...env };
  for (const name of FILE_SECRETS) {
    if (resolved[name] === '') delete resolved[name];
    const file = resolved[`${name}_FILE`];
    if (resolved[name] !== undefined || !file) continue;
    try {
      resolved[name] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new Error(`Invalid configuration: ${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return resolved;
}

/** Anyone who has read this repository knows the development secrets: production must set its own. */
function refuseDevSecretsInProduction(c: Config): void {
  if (c.NODE_ENV !== 'production') return;
  const defaults = [
    ['JWT_SECRET', c.JWT_SECRET === DEV_JWT_SECRET],
    ['SUBGRAPH_SIGNING_SECRET', c.SUBGRAPH_SIGNING_SECRET === DEV_SUBGRAPH_SIGNING_SECRET],
  ] as const;
  const problems = defaults.filter(([, isDefault]) => isDefault).map(([key]) => `${key}: the development default must not be used in production; set a random secret of at least 32 characters (openssl rand -hex 32)`);
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

export function subgraphPort(name: SubgraphName, c: Config = config()): number {
  return c[subgraphDefinition(name).portKey];
}

export function subgraphUrl(name: SubgraphName, c: Config = config()): string {
  return c[subgraphDefinition(name).urlKey] ?? `http://127.0.0.1:${subgraphPort(name, c)}/graphql`;
}

export function databaseUrl(c: Config = config()): string {
  if (!c.DATABASE_URL) throw new Error('DATABASE_URL is not set (the launcher sets it after starting the embedded PostgreSQL)');
  return c.DATABASE_URL;
}
