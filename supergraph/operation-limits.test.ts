import { ApolloServer } from '@apollo/server';
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config/config.js';
import { createLogger } from '../platform/logging/logger.js';
import { apiSchema } from './api-schema.js';
import { analyzeOperation } from './operation-cost.js';
import { operationLimitOptions, operationLimits, type OperationLimits } from './operation-limits.js';
import { routerFormatError } from './router-format-error.js';

const defaults = operationLimits(loadConfig({}));
const logger = createLogger('operation-limits-test');

interface Outcome {
  /** Whether the operation got past every check (it would have been planned and executed). */
  executed: boolean;
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * The router's Apollo pipeline over the API schema, with its limits and error
 * formatting; execution is replaced by a marker, so nothing needs resolvers.
 */
async function run(query: string, variables: Record<string, unknown> = {}, limits: Partial<OperationLimits> = {}): Promise<Outcome> {
  return (await runAll([{ query, variables }], limits))[0]!;
}

/** Several operations, one after the other, through one server (its parsed documents and kept analyses). */
async function runAll(operations: Array<{ query: string; variables?: Record<string, unknown> }>, limits: Partial<OperationLimits> = {}): Promise<Outcome[]> {
  const options = operationLimitOptions({ ...defaults, ...limits });
  let executed = false;
  const server = new ApolloServer({
    schema: apiSchema(),
    formatError: routerFormatError(logger, true),
    parseOptions: options.parseOptions,
    validationRules: options.validationRules,
    plugins: [
      ...options.plugins,
      {
        async requestDidStart() {
          return {
            async responseForOperation() {
              executed = true;
              return { body: { kind: 'single', singleResult: { data: {} } }, http: { headers: new Map() as never, status: 200 } } as never;
            },
          };
        },
      },
    ],
  });
  await server.start();
  try {
    const outcomes: Outcome[] = [];
    for (const { query, variables = {} } of operations) {
      executed = false;
      const response = await server.executeOperation({ query, variables });
      const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
      outcomes.push({ executed, errors: (body?.errors ?? []) as Outcome['errors'] });
    }
    return outcomes;
  } finally {
    await server.stop();
  }
}

const nested = (levels: number) => `{ product(id: "p") { ${'stock(storeId: "s") { product { '.repeat(levels)}id${' } }'.repeat(levels)} } }`;

describe('operation limits at the router', () => {
  it('when an operation is one level deeper than GRAPHQL_MAX_DEPTH, then it is refused with QUERY_TOO_COMPLEX (depth); at the limit it runs', async () => {
    // product { stock { product { id } } } is 4 levels deep per repetition count 1.
    const over = await run(nested(2), {}, { maxDepth: 5 });
    expect(over.executed).toBe(false);
    expect(over.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 5 });
    expect(over.errors[0]?.message).toBe('Query depth limit of 5 exceeded, found 6.');
    expect((await run(nested(2), {}, { maxDepth: 6 })).executed).toBe(true);
  });

  it('when an operation has one alias more than GRAPHQL_MAX_ALIASES, then it is refused with QUERY_TOO_COMPLEX (aliases); at the limit it runs', async () => {
    const aliases = (n: number) => `{ product(id: "p") { ${Array.from({ length: n }, (_, i) => `a${i}: name`).join(' ')} } }`;
    const over = await run(aliases(4), {}, { maxAliases: 3 });
    expect(over.executed).toBe(false);
    expect(over.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 3 });
    expect((await run(aliases(3), {}, { maxAliases: 3 })).executed).toBe(true);
  });

  it('when an operation selects more root fields than GRAPHQL_MAX_ROOT_FIELDS (fragments included), then it is refused; at the limit it runs', async () => {
    const query = '{ categories ...More } fragment More on Query { stores { id } warehouse { id } __typename }';
    const over = await run(query, {}, { maxRootFields: 2 });
    expect(over.executed).toBe(false);
    expect(over.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'rootFields', max: 2 });
    expect(over.errors[0]?.message).toBe('Root fields limit of 2 exceeded, found 3.');
    expect((await run(query, {}, { maxRootFields: 3 })).executed).toBe(true);
  });

  it('when an operation carries more directives than GRAPHQL_MAX_DIRECTIVES, then it is refused; at the limit it runs', async () => {
    const query = '{ categories @include(if: true) @skip(if: false) stores @include(if: true) { id } }';
    const over = await run(query, {}, { maxDirectives: 2 });
    expect(over.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives', max: 2 });
    expect((await run(query, {}, { maxDirectives: 3 })).executed).toBe(true);
  });

  it('when a document has more tokens than GRAPHQL_MAX_TOKENS, then parsing stops and it is refused with QUERY_TOO_COMPLEX (tokens)', async () => {
    // { categories } is 3 tokens.
    const over = await run('{ categories }', {}, { maxTokens: 2 });
    expect(over.executed).toBe(false);
    expect(over.errors).toEqual([{ message: 'Token limit of 2 exceeded: the document is too long.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 2 } }]);
    expect((await run('{ categories }', {}, { maxTokens: 3 })).executed).toBe(true);
  });

  it('when a connection asks for more than GRAPHQL_MAX_PAGE_SIZE (literal or variable), then it is refused with BAD_USER_INPUT on first; the maximum runs', async () => {
    const literal = await run('{ products(first: 101) { totalCount } }');
    expect(literal.executed).toBe(false);
    expect(literal.errors[0]).toMatchObject({ message: 'first must be at most 100 (Query.products asked for 101)', extensions: { code: 'BAD_USER_INPUT', argument: 'first', field: 'Query.products', max: 100 } });
    const nestedPage = await run('query($n: Int) { store(id: "s") { stock(first: $n) { totalCount } } }', { n: 1000 });
    expect(nestedPage.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Store.stock' });
    expect((await run('query($n: Int) { products(first: $n) { totalCount } }', { n: 100 })).executed).toBe(true);
  });

  it('when the same operation comes again with a larger page in its variables, then the larger page is refused (analyses are kept per variables)', async () => {
    const query = 'query($n: Int) { products(first: $n) { totalCount } }';
    const [small, large, smallAgain] = await runAll([{ query, variables: { n: 10 } }, { query, variables: { n: 1000 } }, { query, variables: { n: 10 } }]);
    expect([small!.executed, large!.executed, smallAgain!.executed]).toEqual([true, false, true]);
    expect(large!.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Query.products' });
  });
});

describe('operation cost', () => {
  const salesWithProducts = `query History($storeId: ID!, $n: Int) {
    store(id: $storeId) { code sales(first: $n) { totalCount edges { node { total lines { quantity product { name stock(storeId: $storeId) { quantity } } } } } } }
  }`;

  it('when a realistic nested query is priced, then every list multiplies what is below it: store 1 + sales (1 + 20 × (edge 1 + sale 1 + 10 lines × (1 + product 1 + stock 1)))', () => {
    const { cost, pages } = analyzeOperation(apiSchema(), parse(salesWithProducts), { variables: { storeId: 's', n: 20 }, listSizeEstimate: 10 });
    expect(cost).toBe(1 + 1 + 20 * (1 + 1 + 10 * (1 + 1 + 1)));
    expect(pages).toEqual([{ field: 'Store.sales', first: 20 }]);
  });

  it('when first is left out, then the schema default page size (20) is priced', () => {
    const withDefault = analyzeOperation(apiSchema(), parse(salesWithProducts), { variables: { storeId: 's' }, listSizeEstimate: 10 });
    expect(withDefault.cost).toBe(642);
  });

  it('when an operation costs more than GRAPHQL_MAX_COST, then it is refused with QUERY_TOO_COMPLEX (cost) before execution; at the limit it runs', async () => {
    const over = await run(salesWithProducts, { storeId: 's', n: 20 }, { maxCost: 641 });
    expect(over.executed).toBe(false);
    expect(over.errors[0]).toMatchObject({ message: 'Query cost limit of 641 exceeded, found 642.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 641 } });
    expect((await run(salesWithProducts, { storeId: 's', n: 20 }, { maxCost: 642 })).executed).toBe(true);
  });

  it('when lists are nested in lists (every store × 100 sales × lines), then the default cost limit refuses it', async () => {
    const fanOut = '{ stores { sales(first: 100) { edges { node { lines { product { name } } returns { lines { product { name } } } } } } } }';
    const refused = await run(fanOut);
    expect(refused.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: defaults.maxCost });
  });

  it('when fragments spread each other into an exponential expansion, then it is refused without being evaluated', async () => {
    const levels = Array.from({ length: 16 }, (_, i) => `fragment F${i} on Product { ...F${i + 1} ...F${i + 1} name }`).join('\n');
    const bomb = `{ product(id: "p") { ...F0 } }\n${levels}\nfragment F16 on Product { id }`;
    const refused = await run(bomb, {}, { maxTokens: 10_000, maxDepth: 100 });
    expect(refused.executed).toBe(false);
    expect(refused.errors[0]).toMatchObject({ message: expect.stringContaining('more than 10000 selections'), extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' } });
  });

  it('when GraphiQL asks for the schema (introspection), then the default limits let it through', async () => {
    const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    const outcome = await run(introspection);
    expect(outcome.errors).toEqual([]);
    expect(outcome.executed).toBe(true);
  });
});
