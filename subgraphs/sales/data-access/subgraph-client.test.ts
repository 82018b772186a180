import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';

// A fake inventory on a local port, and a short timeout, before the configuration is first read.
type Handler = (req: IncomingMessage, res: ServerResponse, body: any) => void;
let handler: Handler = (_req, res) => res.end('{}');
const fake = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => handler(req, res, JSON.parse(raw || '{}')));
});
await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
vi.stubEnv('INVENTORY_URL', `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`);
vi.stubEnv('CATALOG_URL', 'http://127.0.0.1:9/graphql'); // discard port: nothing listens
// Long enough for a first call on a loaded machine, short enough for the timeout test.
vi.stubEnv('SUBGRAPH_TIMEOUT_MS', '2000');

const { callSubgraph, SubgraphUnavailableError } = await import('./subgraph-client.js');
const { DomainError } = await import('../../../platform/errors/domain-error.js');
const { verifyAccessToken } = await import('../../../platform/auth/access-token.js');
const { verifySignature } = await import('../../../platform/auth/request-signature.js');
const { config } = await import('../../../platform/config/config.js');

afterAll(async () => {
  vi.unstubAllEnvs();
  fake.closeAllConnections();
  await new Promise((resolve) => fake.close(resolve));
});

const reply = (status: number, payload: unknown): Handler => (_req, res) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(payload));
};

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('calls to other subgraphs', () => {
  it('when inventory answers, then the data comes back and the call carried a sales service token, signed with the body', async () => {
    let seen: { authorization?: string; query?: string; signature?: ReturnType<typeof verifySignature> } = {};
    handler = (req, res, body) => {
      const header = (name: string) => req.headers[name] as string | undefined;
      const signature = verifySignature({ method: req.method!, path: req.url!, header, body: JSON.stringify(body) }, config().SUBGRAPH_SIGNING_SECRET, 60);
      seen = { authorization: req.headers.authorization, query: body.query, signature };
      reply(200, { data: { ok: true } })(req, res, body);
    };
    expect(await callSubgraph('inventory', 'query { ok }', { n: 1 })).toEqual({ ok: true });
    expect(seen.query).toBe('query { ok }');
    expect(seen.signature).toEqual({ ok: true });
    const viewer = await verifyAccessToken(seen.authorization!.replace(/^Bearer /, ''));
    expect(viewer).toMatchObject({ kind: 'service', id: 'service:sales' });
  });

  it.each(['INSUFFICIENT_STOCK', 'NOT_FOUND', 'CONFLICT'])('when inventory refuses with %s, then the same code comes back as a DomainError with its details', async (code) => {
    handler = reply(200, { data: null, errors: [{ message: 'Only 1 left', extensions: { code, productId: 'p1', available: 1 } }] });
    const error = await failureOf(() => callSubgraph('inventory', 'mutation { x }', {}));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code, message: 'Only 1 left', extensions: { code, productId: 'p1', available: 1 } });
  });

  it('when inventory does not answer in time, then the call fails as unavailable after the timeout', async () => {
    handler = () => undefined; // never answers
    const error = await failureOf(() => callSubgraph('inventory', 'mutation { x }', {}));
    expect(error).toBeInstanceOf(SubgraphUnavailableError);
    expect((error as Error).message).toMatch(/no answer within 2000 ms/);
  });

  it('when nothing listens, then the call fails as unavailable', async () => {
    const error = await failureOf(() => callSubgraph('catalog', 'query { x }', {}));
    expect(error).toBeInstanceOf(SubgraphUnavailableError);
    expect(error).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', service: 'catalog' } });
  });

  it('when inventory fails internally, then unavailable; when it rejects the caller, then an internal error, not a client code', async () => {
    handler = reply(500, { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(await failureOf(() => callSubgraph('inventory', 'mutation { x }', {}))).toBeInstanceOf(SubgraphUnavailableError);
    // Its database is away (restarting): unavailable too, the saga compensates and the till may retry.
    handler = reply(200, { data: null, errors: [{ message: 'The database is unavailable; retry later', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    expect(await failureOf(() => callSubgraph('inventory', 'mutation { x }', {}))).toBeInstanceOf(SubgraphUnavailableError);

    handler = reply(200, { data: null, errors: [{ message: 'Internal operation', extensions: { code: 'FORBIDDEN' } }] });
    const rejected = await failureOf(() => callSubgraph('inventory', 'mutation { x }', {}));
    expect(rejected).not.toBeInstanceOf(DomainError);
    expect(rejected).not.toBeInstanceOf(SubgraphUnavailableError);
    expect((rejected as Error).message).toMatch(/refused a call from sales \(FORBIDDEN\)/);
  });
});
