import { z } from 'zod';

/**
 * Every environment variable the system reads, with its default. README's
 * configuration table mirrors this list; nothing else reads process.env.
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
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bind address of every HTTP server; compose sets 0.0.0.0. */
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL server; when absent `npm start` runs an embedded PostgreSQL. */
  DATABASE_URL: optionalUrl,
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_PORT: port(54329),
  EMBEDDED_PG_DATA_DIR: z.string().default('.data/postgres'),
  ROUTER_PORT: port(4000),
  CATALOG_PORT: port(4101),
  INVENTORY_PORT: port(4102),
  SALES_PORT: port(4103),
  ACCOUNTS_PORT: port(4104),
  REPORTING_PORT: port(4105),
  /** Where the router and other subgraphs reach each subgraph; default from the ports. */
  CATALOG_URL: optionalUrl,
  INVENTORY_URL: optionalUrl,
  SALES_URL: optionalUrl,
  ACCOUNTS_URL: optionalUrl,
  REPORTING_URL: optionalUrl,
  /** HMAC key of access tokens; production refuses the development default. */
  JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  JWT_ISSUER: z.string().default('retail-federation'),
  JWT_AUDIENCE: z.string().default('retail-api'),
  /** Access token lifetime: short (1 h), at most a working shift (8 h); the web app signs in again when it ends. */
  JWT_TTL_SECONDS: z.coerce.number().int().min(300).max(8 * 3600).default(3600),
  /** Clock difference tolerated on a token's exp, nbf and iat. */
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Shared HMAC key of requests to subgraphs (router, saga calls); production refuses the development default. */
  SUBGRAPH_SIGNING_SECRET: z.string().min(32).default(DEV_SUBGRAPH_SIGNING_SECRET),
  /** A signed subgraph request whose timestamp is further than this from the subgraph's clock is refused. */
  SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /** scrypt cost (N); lower only in tests. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(1024).default(16384),
  /** Subgraph request timeout of the router (retries included) and of saga calls between subgraphs. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Router: SUBGRAPH_TIMEOUT_MS of some subgraphs, e.g. `reporting=20000,catalog=3000`. */
  SUBGRAPH_TIMEOUTS_MS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((pair) => pair.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(catalog|inventory|sales|accounts|reporting)=\d+$/, 'each entry is <subgraph>=<milliseconds>')))
    .transform((pairs) => Object.fromEntries(pairs.map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])) as Partial<Record<SubgraphName, number>>)
    .refine((timeouts) => Object.values(timeouts).every((ms) => ms >= 100), 'each timeout is at least 100 ms'),
  /** Router: deadline of each attempt of a subgraph fetch; a query that exceeds it is retried within the subgraph's timeout. Default: the subgraph's timeout (a timed-out attempt is not retried). */
  SUBGRAPH_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(50).optional(),
  /** Router: attempts after the first for subgraph queries (never mutations) refused, reset, timed out or answered 502/503/504. */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Router: delay before the first retry; later ones grow exponentially with jitter (at most 1 s). */
  SUBGRAPH_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Router: consecutive failed attempts (down, hung, 502/503/504) that open a subgraph's circuit breaker. */
  SUBGRAPH_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  /** Router: how long an open circuit fails fast with SERVICE_UNAVAILABLE before one probe may reach the subgraph. */
  SUBGRAPH_BREAKER_OPEN_MS: z.coerce.number().int().min(100).default(5_000),
  /** Held stock reservations older than this are released by inventory. */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(5).default(900),
  /** Sagas untouched for this long are considered orphaned and recovered. */
  SAGA_STALE_AFTER_MS: z.coerce.number().int().min(100).default(15_000),
  SAGA_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  /**
   * Tests only (fault injection): the sales process exits with code 137 right
   * after persisting this saga step, as if it had crashed there. Never set it
   * in production.
   */
  SAGA_CRASH_AFTER: z.enum(['PRICED', 'RESERVED', 'SALE_PERSISTED']).optional(),
  /**
   * Redis server for the event streams and the query-result cache. Absent:
   * in-process implementations (the launcher hosts the event bus, each
   * process has its own LRU cache).
   */
  REDIS_URL: optionalUrl,
  /**
   * Event bus transport; default: redis with REDIS_URL, otherwise memory (one
   * process). The launcher sets ipc (and EVENT_BUS_SOCKET) for the processes
   * it starts without REDIS_URL: they share the bus it hosts.
   */
  EVENT_BUS: z
    .enum(['redis', 'memory', 'ipc'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** With EVENT_BUS=ipc: the local socket where the launcher serves its bus (set by the launcher). */
  EVENT_BUS_SOCKET: z.string().optional(),
  /** Prefix of every Redis key (streams, consumer groups, cache); tests use a unique one per run. */
  REDIS_KEY_PREFIX: z.string().default('retail:'),
  /** A store's quantity at or below this is a stock-out / raises a StockAlert. */
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).default(5),
  /** A store's quantity at or above this is overstock on the dashboard. */
  OVERSTOCK_THRESHOLD: z.coerce.number().int().min(1).default(100),
  /** Time zone of report days (today, daily revenue series). */
  REPORT_TIME_ZONE: z.string().default('UTC'),
  /** How often the outbox relays look for unpublished events (they are also woken after each write). */
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(250),
  /** Events left pending this long by a consumer that died are reclaimed by another. */
  EVENT_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(10_000),
  /** Query-result cache on/off (off: every query goes to the database). */
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
   * Tracing (OpenTelemetry, standard variable names). Off unless an exporter
   * is chosen: `otlp` sends spans to OTEL_EXPORTER_OTLP_ENDPOINT over HTTP.
   */
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().default('http://127.0.0.1:4318'),
  /** Fraction of new traces recorded (0–1); a sampled parent is always followed. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** How long finished spans wait to be exported in a batch (ms). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).default(5000),
  /** Seed demo data into an empty database on start. */
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
  /** Nginx's per-client rate limit: sustained requests per second, and the burst allowed above it. */
  RATE_LIMIT_RPS: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().min(0).default(100),
  /** `npm run stack`: state file, logs, Nginx files and the local PostgreSQL/Redis data. */
  STACK_DATA_DIR: z.string().default('.data/stack'),
  /**
   * Abusive operations are refused by the router before any subgraph sees
   * them (QUERY_TOO_COMPLEX, or BAD_USER_INPUT for `first`). The defaults
   * pass every operation the product ships (web app, load scenarios) at its
   * largest variables, with room to spare: the largest costs about 4,100
   * (the dashboard over 366 days), is 7 levels deep, has 8 aliases, 7 root
   * fields and 190 tokens (GraphiQL's introspection query).
   */
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /**
   * Nesting of a JSON request body (arrays and objects); deeper is refused
   * before parsing. A megabyte of `[[[…` parses into half a million arrays,
   * tens of MB of heap for one request; real variables nest a few levels.
   */
  GRAPHQL_MAX_JSON_DEPTH: z.coerce.number().int().min(8).default(64),
  /** Lexical tokens of a document; parsing stops beyond (graphql-js `maxTokens`). */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(1000),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(20),
  GRAPHQL_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(15),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
  /** Largest cost: objects an operation may resolve, lists multiplied by their size (supergraph/operation-cost.ts). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(10_000),
  /** Largest `first` of a connection (subgraphs refuse more as well). */
  GRAPHQL_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** Items the cost assumes for a list without a size argument (stores, sale lines, alerts …). */
  GRAPHQL_LIST_SIZE_ESTIMATE: z.coerce.number().int().min(1).default(10),
  /** Automatic persisted queries: how long the router keeps a registered query (Redis with REDIS_URL, else in process). */
  APQ_TTL_SECONDS: z.coerce.number().int().min(1).default(24 * 3600),
  /** `enforce`: the router runs only operations listed in OPERATION_SAFELIST_FILE (`npm run safelist`). */
  OPERATION_SAFELIST: z.enum(['off', 'enforce']).default('off'),
  /** Manifest of the safelist (sha256 of the operation text → text); relative paths are from the project root. */
  OPERATION_SAFELIST_FILE: z.string().default('supergraph/operation-safelist.json'),
  /**
   * Login brute-force protection (accounts): after this many failed logins
   * within LOGIN_FAILURE_WINDOW_SECONDS, further logins for that email / from
   * that client address answer TOO_MANY_ATTEMPTS until the window ends. A
   * successful login clears its account's count; only failures count.
   */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
});

export type Config = z.infer<typeof configSchema>;

export type SubgraphName = 'catalog' | 'inventory' | 'sales' | 'accounts' | 'reporting';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  refuseDevSecretsInProduction(parsed.data);
  return parsed.data;
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

const portKey = {
  catalog: 'CATALOG_PORT',
  inventory: 'INVENTORY_PORT',
  sales: 'SALES_PORT',
  accounts: 'ACCOUNTS_PORT',
  reporting: 'REPORTING_PORT',
} as const satisfies Record<SubgraphName, keyof Config>;

const urlKey = {
  catalog: 'CATALOG_URL',
  inventory: 'INVENTORY_URL',
  sales: 'SALES_URL',
  accounts: 'ACCOUNTS_URL',
  reporting: 'REPORTING_URL',
} as const satisfies Record<SubgraphName, keyof Config>;

export function subgraphPort(name: SubgraphName, c: Config = config()): number {
  return c[portKey[name]];
}

export function subgraphUrl(name: SubgraphName, c: Config = config()): string {
  return c[urlKey[name]] ?? `http://127.0.0.1:${subgraphPort(name, c)}/graphql`;
}

export function databaseUrl(c: Config = config()): string {
  if (!c.DATABASE_URL) throw new Error('DATABASE_URL is not set (the launcher sets it after starting the embedded PostgreSQL)');
  return c.DATABASE_URL;
}
