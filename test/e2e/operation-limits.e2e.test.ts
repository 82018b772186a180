import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../platform/config/config.js';
import { product, storeId } from '../support/demo.js';
import { gqlOk } from '../support/graphql-client.js';
import { metricSample } from '../support/metrics-sample.js';

/** The e2e router runs with the default limits. */
const defaults = loadConfig({});
const router = () => inject('serviceUrls').router!;

async function post(body: unknown) {
  const response = await fetch(`${router()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

/** Every router → subgraph fetch so far, whatever its subgraph and outcome. */
const subgraphFetches = () => metricSample(router(), 'router_subgraph_fetches_total');

/** product → (stock → product) × levels → name: 2 + 2 × levels deep. */
const nestedStock = (levels: number) => `{ product(id: "${product(1).id}") { ${`stock(storeId: "${storeId(1)}") { product { `.repeat(levels)}name${' } }'.repeat(levels)} } }`;

const abusive: Array<[string, string, Record<string, unknown>]> = [
  [`an operation deeper than GRAPHQL_MAX_DEPTH (${defaults.GRAPHQL_MAX_DEPTH})`, nestedStock(5), { code: 'QUERY_TOO_COMPLEX', limit: 'depth' }],
  [
    `more aliases than GRAPHQL_MAX_ALIASES (${defaults.GRAPHQL_MAX_ALIASES})`,
    `{ product(id: "${product(1).id}") { ${Array.from({ length: defaults.GRAPHQL_MAX_ALIASES + 1 }, (_, i) => `n${i}: name`).join(' ')} } }`,
    { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' },
  ],
  [`more root fields than GRAPHQL_MAX_ROOT_FIELDS`, `{ ${'categories '.repeat(defaults.GRAPHQL_MAX_ROOT_FIELDS + 1)}}`, { code: 'QUERY_TOO_COMPLEX', limit: 'rootFields' }],
  [
    'a fan-out costing more than GRAPHQL_MAX_COST (every store × 100 sales × their lines and returns)',
    '{ stores { sales(first: 100) { edges { node { lines { product { name } } returns { lines { product { name } } } } } } } }',
    { code: 'QUERY_TOO_COMPLEX', limit: 'cost' },
  ],
  ['a connection with first: 1000', '{ products(first: 1000) { totalCount } }', { code: 'BAD_USER_INPUT', argument: 'first', max: 100 }],
];

describe('abusive operations at the router', () => {
  it.each(abusive)('when a client sends %s, then it gets HTTP 400 with its code and no subgraph is called', async (_, query, extensions) => {
    const fetchesBefore = await subgraphFetches();
    const reply = await post({ query });
    expect(reply.status).toBe(400);
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors?.[0]?.extensions).toMatchObject(extensions);
    expect(await subgraphFetches()).toBe(fetchesBefore);
  });

  it('when a legitimate nested query just within the defaults is sent, then it is answered (control)', async () => {
    const data = await gqlOk<{ product: { stock: unknown } }>(nestedStock(3));
    expect(data.product.stock).not.toBeNull();
  });

  it('when a request body is larger than GRAPHQL_MAX_BODY_BYTES, then the router answers 413 PAYLOAD_TOO_LARGE without reading further', async () => {
    const pad = 'x'.repeat(defaults.GRAPHQL_MAX_BODY_BYTES);
    const reply = await post({ query: '{ categories }', variables: { pad } });
    expect(reply.status).toBe(413);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
