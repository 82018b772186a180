import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitAnswerLifetime, withAnswerLifetime } from './answer-lifetime.js';
import { cacheableDeclarationsPlugin, type CacheableExtension } from './cacheable-declarations.plugin.js';

const typeDefs = parse(`
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@composeDirective"])
    @link(url: "https://retail.test/response-cache/v0.1", import: ["@cacheable"])
    @composeDirective(name: "@cacheable")
  enum CacheScope { PUBLIC ROLE_AND_STORE USER }
  directive @cacheable(maxAge: Int!, scope: CacheScope!, tags: [String!]) on FIELD_DEFINITION | OBJECT
  type Query {
    stores: [Store!]! @cacheable(maxAge: 60, scope: PUBLIC, tags: ["stock:locations"])
    myStore: Store @cacheable(maxAge: 30, scope: ROLE_AND_STORE)
    secret: String
    "Capped by the domain at the lifetime of its variable (today's figures end with the day)."
    today(lifetime: Float!): String @cacheable(maxAge: 60, scope: ROLE_AND_STORE, tags: ["sales:all"])
  }
  type Mutation { touch: Store }
  type Store @key(fields: "id") @cacheable(maxAge: 60, scope: PUBLIC, tags: ["stock:locations"]) {
    id: ID!
    name: String!
    stock(productId: ID): Int @cacheable(maxAge: 20, scope: PUBLIC, tags: ["stock:level:{id}:{args.productId}"])
    revenue: String
    revenueToday(lifetime: Float!): String @cacheable(maxAge: 60, scope: ROLE_AND_STORE, tags: ["sales:all"])
  }
  type Sale @key(fields: "id") {
    id: ID!
    total: String
  }
`);

const stores: Record<string, { id: string; name: string }> = { S1: { id: 'S1', name: 'One' }, S2: { id: 'S2', name: 'Two' } };
const resolvers = {
  Query: {
    stores: () => Object.values(stores),
    myStore: () => stores.S1,
    secret: () => 'x',
    today: async (_: unknown, { lifetime }: { lifetime: number }) => {
      await Promise.resolve(); // the cap may come after an await, as a use case's does
      limitAnswerLifetime(lifetime);
      return '1.00';
    },
  },
  Mutation: { touch: () => stores.S1 },
  Store: {
    __resolveReference: (ref: { id: string }) => stores[ref.id] ?? null,
    stock: () => 5,
    revenue: () => '1.00',
    revenueToday: (_: unknown, { lifetime }: { lifetime: number }) => {
      limitAnswerLifetime(lifetime);
      return '1.00';
    },
  },
  Sale: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, total: '2.00' }) },
};

let server: ApolloServer;
beforeAll(async () => {
  server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }), plugins: [cacheableDeclarationsPlugin(typeDefs)] });
  await server.start();
});
afterAll(() => server.stop());

async function declared(query: string, variables?: Record<string, unknown>): Promise<CacheableExtension | undefined> {
  // As the subgraph server runs each request (platform/server/subgraph-server.ts).
  const response = await withAnswerLifetime(() => server.executeOperation({ query, variables }));
  if (response.body.kind !== 'single') throw new Error('incremental answer');
  return response.body.singleResult.extensions?.cacheable as CacheableExtension | undefined;
}

const ENTITIES = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Store { id name %s } } }';

describe('what a subgraph declares with each answer', () => {
  it('when a root fetch resolves only declared fields, then the answer carries the shortest maxAge, the narrowest scope and every tag', async () => {
    expect(await declared('{ stores { id name stock(productId: "P9") } myStore { id } }')).toEqual({
      root: { maxAge: 20, scope: 'ROLE_AND_STORE', tags: expect.arrayContaining(['stock:locations', 'stock:level:s1:p9', 'stock:level:s2:p9']) },
    });
  });

  it('when a fetch resolves one undeclared field, then the answer carries no declaration (nothing of it is cached)', async () => {
    expect(await declared('{ stores { id } secret }')).toBeUndefined();
  });

  it('when a tag cannot be filled (an argument missing), then the answer carries no declaration', async () => {
    expect(await declared('{ stores { stock } }')).toBeUndefined();
  });

  it('when an entity fetch is answered, then each representation gets its own declaration, in order; one not found or of an undeclared type gets none', async () => {
    const representations = [{ __typename: 'Store', id: 'S2' }, { __typename: 'Store', id: 'NOPE' }, { __typename: 'Store', id: 'S1' }];
    expect(await declared(ENTITIES.replace('%s', 'stock(productId: "P1")'), { representations })).toEqual({
      entities: [
        { maxAge: 20, scope: 'PUBLIC', tags: ['stock:locations', 'stock:level:s2:p1'] },
        null,
        { maxAge: 20, scope: 'PUBLIC', tags: ['stock:locations', 'stock:level:s1:p1'] },
      ],
    });
    const mixed = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Store { id } ... on Sale { total } } }';
    expect(await declared(mixed, { representations: [{ __typename: 'Sale', id: 'X' }, representations[0]] })).toEqual({
      entities: [null, { maxAge: 60, scope: 'PUBLIC', tags: ['stock:locations'] }],
    });
  });

  it('when the operation is a mutation, then nothing is declared (mutations are never cached)', async () => {
    expect(await declared('mutation { touch { id name } }')).toBeUndefined();
  });

  it('when the domain caps the answer\'s lifetime below its declared maxAge, then the answer declares the cap, in whole seconds rounded down', async () => {
    expect(await declared('{ stores { id } today(lifetime: 42.9) }')).toEqual({ root: { maxAge: 42, scope: 'ROLE_AND_STORE', tags: expect.arrayContaining(['stock:locations', 'sales:all']) } });
    expect(await declared('{ stores { id } today(lifetime: 3600) }')).toEqual({ root: { maxAge: 60, scope: 'ROLE_AND_STORE', tags: expect.arrayContaining(['sales:all']) } });
  });

  it('when the domain caps the answer below a second (or it is already over), then nothing of it is declared', async () => {
    expect(await declared('{ stores { id } today(lifetime: 0.9) }')).toBeUndefined();
    expect(await declared('{ stores { id } today(lifetime: -5) }')).toBeUndefined();
  });

  it('when one representation of an entity fetch is capped, then every representation of the answer is (one request, one lifetime)', async () => {
    const representations = [{ __typename: 'Store', id: 'S1' }, { __typename: 'Store', id: 'S2' }];
    expect(await declared(ENTITIES.replace('%s', 'revenueToday(lifetime: 7)'), { representations })).toEqual({
      entities: [
        { maxAge: 7, scope: 'ROLE_AND_STORE', tags: ['stock:locations', 'sales:all'] },
        { maxAge: 7, scope: 'ROLE_AND_STORE', tags: ['stock:locations', 'sales:all'] },
      ],
    });
  });

  it('when a capped request is followed by one that is not, then the next answer keeps its declared maxAge (a cap never outlives its request)', async () => {
    await declared('{ today(lifetime: 2) }');
    expect(await declared('{ stores { id } }')).toEqual({ root: { maxAge: 60, scope: 'PUBLIC', tags: ['stock:locations'] } });
  });
});
