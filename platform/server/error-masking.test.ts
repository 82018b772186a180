import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A subgraph server in production mode, before the configuration is first read.
vi.stubEnv('NODE_ENV', 'production');
vi.stubEnv('JWT_SECRET', 'j'.repeat(40));
vi.stubEnv('SUBGRAPH_SIGNING_SECRET', 's'.repeat(40));
vi.stubEnv('LOG_LEVEL', 'silent');

const { startSubgraphServer } = await import('./subgraph-server.js');
const { notFound } = await import('../errors/domain-error.js');
const { postToSubgraph } = await import('../../test/support/subgraph-request.js');
const { routerFormatError } = await import('../../supergraph/router-format-error.js');
const { createLogger } = await import('../logging/logger.js');

/** What a failing query or constraint tells the server, and never the client. */
const INTERNALS = 'insert into "sales"."SaleLine" violates check constraint "quantity_positive": SELECT "passwordHash" FROM "accounts"."StaffUser"';

const schemaFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'masking-')), 'schema.graphql');
writeFileSync(schemaFile, 'type Query { crash: String, missing: String }');
const resolvers = {
  Query: {
    crash: () => {
      throw new Error(INTERNALS);
    },
    missing: () => {
      throw notFound('No product with that id');
    },
  },
};

let service: Awaited<ReturnType<typeof startSubgraphServer>>;
const ask = (query: string) => postToSubgraph(`${service.url}/graphql`, query);

beforeAll(async () => {
  service = await startSubgraphServer({ name: 'catalog', schemaFile, resolvers, createContext: (base) => base, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await service?.shutdown();
  vi.unstubAllEnvs();
});

describe('errors in production mode', () => {
  it('when a resolver fails unexpectedly (SQL in the message), then the client reads only "Internal server error": no SQL, no stack trace', async () => {
    const reply = await ask('{ crash }');
    expect(reply.errors).toEqual([{ message: 'Internal server error', path: ['crash'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(reply)).not.toMatch(/SELECT|passwordHash|stacktrace|\.ts:\d+/);
  });

  it("when a resolver refuses with one of the contract's codes, then its message and code reach the client", async () => {
    const reply = await ask('{ missing }');
    expect(reply.errors?.[0]).toMatchObject({ message: 'No product with that id', extensions: { code: 'NOT_FOUND' } });
  });

  it('when introspection is asked (signed, as the router would), then it is refused', async () => {
    const reply = await ask('{ __schema { queryType { name } } }');
    expect(reply.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(reply.data).toBeUndefined();
  });

  it('when a subgraph passes the router an internal error with details and a stack trace, then the router masks it too', () => {
    const format = routerFormatError(createLogger('router-test'), true);
    const fromSubgraph = { message: INTERNALS, path: ['product'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: boom', '    at query (repo.ts:12:3)'], serviceName: 'catalog' } };
    expect(format(fromSubgraph, new GraphQLError(INTERNALS))).toEqual({ message: 'Internal server error', path: ['product'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    // Outside production the message stays for the developer (never a stack: includeStacktraceInErrorResponses is off).
    expect(routerFormatError(createLogger('router-test'), false)(fromSubgraph, new GraphQLError(INTERNALS)).message).toBe(INTERNALS);
  });
});
