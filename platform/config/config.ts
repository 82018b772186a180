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
  JWT_SECRET: z.string().min(32).default('dev-only-secret-change-me-in-production-0123456789'),
  JWT_ISSUER: z.string().default('retail-federation'),
  JWT_AUDIENCE: z.string().default('retail-api'),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).default(8 * 3600),
  /** scrypt cost (N); lower only in tests. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(1024).default(16384),
  /** Subgraph request timeout of the router and of saga calls between subgraphs. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
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
});

export type Config = z.infer<typeof configSchema>;

export type SubgraphName = 'catalog' | 'inventory' | 'sales' | 'accounts' | 'reporting';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
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
