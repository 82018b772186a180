import fc from 'fast-check';
import type { HttpCase } from './answer-checks.js';

/**
 * fast-check generators of requests to a GraphQL endpoint: real operations
 * with variables of any type and depth, token soup, random request fields,
 * mutated JSON, raw bytes, odd content types and query strings. All
 * anonymous and never `login` or `registerCustomer`: fuzzing must neither
 * change data nor count failed logins against the test suite's address.
 */

/** Operations of the API with their variables; mutations only ones an anonymous caller is refused. */
const OPERATIONS: Array<{ query: string; variables: string[] }> = [
  { query: 'query Search($s: String, $n: Int, $a: String) { products(search: $s, first: $n, after: $a) { totalCount edges { node { id name price } } } }', variables: ['s', 'n', 'a'] },
  { query: 'query One($id: ID!) { product(id: $id) { id sku stock(storeId: $id) { quantity } } }', variables: ['id'] },
  { query: 'query Shelf($id: ID!, $low: Boolean, $o: StockOrder, $n: Int) { store(id: $id) { code stock(lowStockOnly: $low, orderBy: $o, first: $n) { totalCount } } }', variables: ['id', 'low', 'o', 'n'] },
  { query: 'query Report($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { totalRevenue } }', variables: ['from', 'to'] },
  { query: 'mutation Sell($i: RecordSaleInput!) { recordSale(input: $i) { id } }', variables: ['i'] },
  { query: 'mutation Make($i: CreateProductInput!) { createProduct(input: $i) { id } }', variables: ['i'] },
  { query: 'mutation Adjust($s: ID!, $p: ID!, $d: Int!, $r: String!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: $r) { quantity } }', variables: ['s', 'p', 'd', 'r'] },
];

const TOKENS = ['{', '}', '(', ')', '[', ']', ':', '!', '$x', '...', '=', '@include(if: true)', '@skip', 'query', 'mutation', 'subscription', 'fragment', 'on', 'Query', 'products', 'edges', 'node', 'id', 'name', 'stock', 'store', 'categories', '__typename', '__schema', 'first: 5', '"str"', '"""block"""', '"\\u0000"', '"\\ud800"', '123', '-1', '1e999', 'null', 'true', '#comment\n', ',', '\t', '\u00a0'];

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('', '\u0000', 'a\u0000b', "' OR 1=1 --", '%00', '\ud800', 'x'.repeat(10_000)));

/** Any JSON value, now and then nested thousands deep. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, Number.MAX_SAFE_INTEGER, -0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown) },
);

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' '));
const deepSelection = fc.integer({ min: 1, max: 50_000 }).map((depth) => `{ products { edges { node ${'{ id '.repeat(depth)}${'}'.repeat(depth)} } } }`);
const document = fc.oneof(fc.constantFrom(...OPERATIONS.map((o) => o.query)), tokenSoup, text, deepSelection);

/** A real operation whose variables are anything at all. */
const typedOperation = fc.constantFrom(...OPERATIONS).chain((op) =>
  fc.record({ query: fc.constant(op.query), variables: fc.dictionary(fc.constantFrom(...op.variables), anyValue, { maxKeys: op.variables.length }) }),
);

/** The fields of a request, each of any type, each maybe missing. */
const requestFields = fc.record(
  { query: fc.oneof(document, anyValue), variables: anyValue, operationName: fc.oneof(text, anyValue), extensions: fc.oneof(anyValue, fc.record({ persistedQuery: fc.record({ version: anyValue, sha256Hash: anyValue }) })) },
  { requiredKeys: [] },
);

/** A valid body with a few characters replaced, removed or inserted. */
const mutatedJson = fc
  .tuple(typedOperation, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }))
  .map(([body, edits]) => edits.reduce((s, [at, cut, insert]) => s.slice(0, at % (s.length + 1)) + insert + s.slice((at % (s.length + 1)) + cut), JSON.stringify(body)));

const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: typedOperation.map((b) => JSON.stringify(b)) },
  { weight: 3, arbitrary: requestFields.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: mutatedJson },
  { weight: 1, arbitrary: fc.array(typedOperation, { maxLength: 5 }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? '') },
);

/** Printable ASCII: what fetch lets through as a header value. */
const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 200 });
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 3, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/graphql-response+json', 'text/plain', 'application/graphql', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '*/*', '') },
  { weight: 1, arbitrary: headerText },
);
/** Now and then: most requests should get past the token and the media type to the GraphQL layers. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
const headers = fc
  .record({ contentType, preflight: fc.boolean(), authorization: rarely(fc.oneof(headerText, headerText.map((t) => `Bearer ${t}`))), accept: rarely(headerText) })
  .map(({ contentType, preflight, authorization, accept }) => ({
    'content-type': contentType,
    ...(preflight ? { 'apollo-require-preflight': 'true' } : {}),
    ...(authorization === undefined ? {} : { authorization }),
    ...(accept === undefined ? {} : { accept }),
  }));

const queryString = fc
  .dictionary(fc.oneof(fc.constantFrom('query', 'variables', 'operationName', 'extensions'), fc.string({ maxLength: 8 })), fc.oneof(document, anyValue.map((v) => JSON.stringify(v) ?? ''), text), { maxKeys: 4 })
  .map((params) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v).slice(0, 2_000)])).toString());

export const fuzzRequest: fc.Arbitrary<HttpCase> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ name: fc.constant('POST'), headers, body }) },
  { weight: 2, arbitrary: fc.record({ name: fc.constant('GET'), method: fc.constant('GET'), headers, target: queryString.map((s) => `/graphql?${s}`) }) },
);
