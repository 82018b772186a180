import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';

const require = createRequire(import.meta.url);

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm');

/** Message of the last panic inside the engine, for error reports. */
export let lastPanicMessage: string | undefined;

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * The package entry imports the .wasm file as an ES module, which Node 20
 * refuses, so the bindings are instantiated by hand: schema_engine_bg.js is
 * loaded, then the .wasm bytes instantiated with it as their import object.
 * A second engine in one wasm instance panics, so every engine gets its own
 * instance and its own copy of the JS bindings (a fresh module URL).
 */
async function loadEngineModule(): Promise<SchemaEngineModule> {
  // The bindings report Rust panics through this global before throwing.
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message: string) => {
      lastPanicMessage = message;
    },
  };
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  compiled ??= readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm')).then((bytes) => WebAssembly.compile(bytes));
  // Unique per engine even when this file is loaded twice (test runners do):
  // a shared bindings module would mix two wasm memories.
  const bindings = (await import(`${pathToFileURL(bgPath).href}?instance=${randomUUID()}`)) as SchemaEngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const instance = await WebAssembly.instantiate(await compiled, { './schema_engine_bg.js': bindings as never });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

const PG_CHAR = 18;
const PG_CHAR_ARRAY = 1002;
const PG_TEXT = 25;
const PG_TEXT_ARRAY = 1009;

/**
 * The schema describer reads catalog columns of PostgreSQL's one-byte "char"
 * type, which adapter-pg refuses as an unsupported type; their values are
 * plain strings, so this client reports them as text.
 */
class CharAsTextPool extends pg.Pool {
  /** Names of result columns that were "char", to report them as Character. */
  readonly charColumns = new Set<string>();

  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<pg.QueryResult>).then((r) => {
        for (const field of r.fields ?? []) {
          if (field.dataTypeID === PG_CHAR) {
            field.dataTypeID = PG_TEXT;
            this.charColumns.add(field.name);
          }
          if (field.dataTypeID === PG_CHAR_ARRAY) field.dataTypeID = PG_TEXT_ARRAY;
        }
        return r;
      }) as never;
    }
    return result as never;
  }
}

const COLUMN_TEXT = 7;
const COLUMN_CHARACTER = 6;

type Queryable = Pick<SqlDriverAdapter, 'queryRaw'>;

/** The describer reads "char" columns (constraint types) as Character values. */
function reportCharColumns<T extends Queryable>(queryable: T, pool: CharAsTextPool): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnTypes = result.columnTypes.map((type, i) =>
      type === COLUMN_TEXT && pool.charColumns.has(result.columnNames[i]!) ? COLUMN_CHARACTER : type,
    ) as typeof result.columnTypes;
    return result;
  };
  return queryable;
}

/**
 * adapter-pg runs a migration script as the pieces between semicolons, which
 * breaks a semicolon inside a comment or a dollar-quoted function body. The
 * native engine sends the script whole; so does this (one simple-protocol
 * query: PostgreSQL parses the statements itself, in one implicit transaction).
 */
function runScriptsWhole(adapter: SqlDriverAdapter, pool: CharAsTextPool): void {
  const failed = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      failed(error);
    }
  };
}

async function connectPatched(factory: PrismaPg, pool: CharAsTextPool): Promise<SqlDriverAdapter> {
  const adapter = reportCharColumns(await factory.connect(), pool);
  runScriptsWhole(adapter, pool);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => reportCharColumns(await startTransaction(...args), pool);
  return adapter;
}

function pgFactory(connectionString: string, schema: string) {
  const pool = new CharAsTextPool({ connectionString, options: `-c search_path=${schema}`, max: 2 });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', () => undefined);
  const factory = new PrismaPg(pool, { schema });
  return { factory, pool, connect: () => connectPatched(factory, pool) };
}

/**
 * Migration checks replay migrations into a scratch database of their own
 * (migrations.ts), so the engine never needs a shadow database.
 */
function schemaScopedFactory(main: ReturnType<typeof pgFactory>): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: main.factory.provider,
    adapterName: main.factory.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: () => Promise.reject(new Error('No shadow database: diff against a scratch database instead')),
  };
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/**
 * Opens a schema engine on `connectionString` with the search_path pinned to
 * `schema`, so that each subgraph keeps its tables and its own
 * `_prisma_migrations` history in its own PostgreSQL schema.
 */
export async function openSchemaEngine(
  connectionString: string,
  schema: string,
  datamodel: { path: string; content: string },
): Promise<EngineHandle> {
  const { SchemaEngine } = await loadEngineModule();
  // The engine never closes its pool; ending it here also releases the
  // migration advisory lock at once instead of at the idle timeout.
  const main = pgFactory(connectionString, schema);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(schemaScopedFactory(main));
  const engine = await SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    () => undefined,
    adapterFactory,
  );
  return {
    engine,
    close: async () => {
      // Not engine.free(): background tasks of the engine (shadow database
      // disposal) may still run and would trap on freed memory.
      await main.pool.end();
    },
  };
}
