import type { HttpCase } from './answer-checks.js';

/**
 * Fixed hostile requests for the GraphQL endpoint, each once. Some were
 * bugs, kept as regressions: several operations without operationName (500
 * from the gateway), a subscription (500: the schema has none), U+0000 in a
 * string (INTERNAL_SERVER_ERROR naming Prisma's code), malformed
 * persisted-query requests (INTERNAL_SERVER_ERROR).
 */
const JSON_TYPE = { 'content-type': 'application/json' };
const PREFLIGHT = { 'apollo-require-preflight': 'true' };
const post = (name: string, body: unknown, headers: Record<string, string> = {}): HttpCase => ({
  name,
  headers: { ...JSON_TYPE, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const get = (name: string, search: string, headers: Record<string, string> = PREFLIGHT): HttpCase => ({ name, method: 'GET', target: `/graphql?${search}`, headers });
const q = (query: string) => `query=${encodeURIComponent(query)}`;

/** Bytes of every value, in a fixed scrambled order. */
const scrambled = (length: number) => new Uint8Array(Array.from({ length }, (_, i) => (i * 7919 + 13) % 256));
const deepSelection = (depth: number) => `{ products { edges { node ${'{ id '.repeat(depth)}${'}'.repeat(depth)} } } }`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned token (alg none) claiming head office. */
const noneToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'HQ_ADMIN', exp: 4102444800, iat: 1 })}.`;
const SEARCH = 'query Search($s: String) { products(search: $s, first: 1) { totalCount } }';

export function nastyRequests(maxBodyBytes: number): HttpCase[] {
  const justUnder = 'x'.repeat(maxBodyBytes - 200);
  return [
    // Bodies that are not JSON, or not the JSON an operation is.
    post('truncated JSON', '{"query": '),
    post('trailing garbage', '{"query":"{ categories }"} trailing'),
    post('BOM before JSON', '\ufeff{"query":"{ categories }"}'),
    post('JSON null', 'null'),
    post('JSON string', '"{ categories }"'),
    post('JSON number', '12'),
    post('JSON true', 'true'),
    post('empty body', ''),
    post('empty object', {}),
    { name: 'scrambled bytes', headers: JSON_TYPE, body: scrambled(4096) },
    { name: 'invalid UTF-8', headers: JSON_TYPE, body: new Uint8Array([0x7b, 0x22, 0x71, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) },
    post('batch of two', [{ query: '{ categories }' }, { query: '{ stores { id } }' }]),
    post('batch of a thousand', Array.from({ length: 1000 }, () => ({ query: '{ categories }' }))),
    // Content types.
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ categories }"}' },
    { name: 'text/plain with preflight', headers: { 'content-type': 'text/plain', ...PREFLIGHT }, body: '{"query":"{ categories }"}' },
    { name: 'form encoded', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B+categories+%7D' },
    { name: 'multipart', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--x--' },
    { name: 'application/graphql', headers: { 'content-type': 'application/graphql', ...PREFLIGHT }, body: '{ categories }' },
    { name: 'no content type', headers: PREFLIGHT, body: '{"query":"{ categories }"}' },
    post('utf-16 charset', { query: '{ categories }' }, { 'content-type': 'application/json; charset=utf-16' }),
    post('odd media parameters', { query: '{ categories }' }, { 'content-type': 'application/json;;;=;charset' }),
    // Fields of the request of the wrong type.
    post('query a number', { query: 5 }),
    post('query an object', { query: { a: 1 } }),
    post('query null', { query: null }),
    post('variables a string', { query: '{ categories }', variables: '{"a":1}' }),
    post('variables an array', { query: '{ categories }', variables: [1, 2] }),
    post('operationName an object', { query: '{ categories }', operationName: { a: 1 } }),
    post('extensions an array', { query: '{ categories }', extensions: [] }),
    post('__proto__ keys', '{"query":"{ categories }","__proto__":{"query":"x"},"variables":{"__proto__":{"a":1},"constructor":{"prototype":{"b":2}}}}'),
    // Choosing the operation (regression: 500 from the gateway).
    post('two operations, no operationName', { query: 'query A { categories } query B { stores { id } }' }),
    post('operationName not in the document', { query: 'query A { categories }', operationName: 'Nope' }),
    post('anonymous and named operations', { query: '{ categories } query B { stores { id } }', operationName: 'B' }),
    // Persisted queries (regression: INTERNAL_SERVER_ERROR).
    post('persisted query hash mismatch', { query: '{ categories }', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    post('persisted query version 2', { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }),
    post('persisted query a string', { extensions: { persistedQuery: 'yes' } }),
    post('persisted query unknown hash', { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    // Documents.
    post('syntax error', { query: '{ categories ' }),
    post('unknown field', { query: '{ nope }' }),
    post('unknown argument', { query: '{ products(nope: 1) { totalCount } }' }),
    post('unknown variable type', { query: 'query($x: Nope) { categories }' }),
    post('undefined variable', { query: '{ product(id: $x) { id } }' }),
    post('fragment cycle', { query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }' }),
    post('unknown directive', { query: '{ categories @nope }' }),
    post('skip with a string', { query: '{ categories @skip(if: "yes") }' }),
    post('subscription (no such root)', { query: 'subscription { categories }' }),
    post('selection on a scalar list', { query: '{ categories { x } }' }),
    post('deep selection (5,000)', { query: deepSelection(5_000) }),
    post('deep selection (100,000)', { query: deepSelection(100_000) }),
    post('a thousand aliases', { query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: categories`).join(' ')} }` }),
    post('introspection', { query: '{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }' }),
    // Variables of the wrong type or shape.
    post('Int given a string', { query: 'query($n: Int) { products(first: $n) { totalCount } }', variables: { n: 'ten' } }),
    post('Int beyond 32 bits', { query: 'query($n: Int) { products(first: $n) { totalCount } }', variables: { n: 2 ** 31 } }),
    post('Int given a float', { query: 'query($n: Int) { products(first: $n) { totalCount } }', variables: { n: 1.5 } }),
    post('ID given an object', { query: 'query($id: ID!) { product(id: $id) { id } }', variables: { id: { a: 1 } } }),
    post('required variable missing', { query: 'query($id: ID!) { product(id: $id) { id } }' }),
    post('unknown enum value', { query: 'query($s: ID!) { store(id: $s) { stock(orderBy: SIDEWAYS) { totalCount } } }', variables: { s: 'x' } }),
    post('DateTime garbage', { query: '{ salesReport(from: "yesterday", to: "13/13/2026") { totalRevenue } }' }),
    post('input with unknown fields', { query: 'mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }', variables: { i: { storeId: 'x', lines: [], extra: 1 } } }),
    post('deep array variable (100,000)', `{"query":"${SEARCH}","variables":{"s":${deepArray(100_000)}}}`),
    post('deep object variable (50,000)', `{"query":"${SEARCH}","variables":{"s":${deepObject(50_000)}}}`),
    post('deep unused variable', `{"query":"{ categories }","variables":{"zzz":${deepArray(200_000)}}}`),
    post('deep extensions', `{"query":"{ categories }","extensions":${deepObject(50_000)}}`),
    post('negative page size', { query: '{ products(first: -1) { totalCount } }' }),
    post('garbage cursor', { query: '{ products(after: "%%%not-a-cursor") { totalCount } }' }),
    post('quote in an id', { query: `{ product(id: "' OR 1=1 --") { id } }` }),
    // Text (regression: U+0000 reached PostgreSQL).
    post('NUL in a literal', { query: '{ products(search: "a\\u0000b") { totalCount } }' }),
    post('NUL in a variable', { query: SEARCH, variables: { s: 'a\u0000b' } }),
    post('NUL in a nested input', { query: 'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', variables: { i: { sku: 'N\u0000UL', name: 'x', category: 'y', price: '1.00' } } }),
    post('lone surrogate in a variable', '{"query":"query Search($s: String) { products(search: $s) { totalCount } }","variables":{"s":"\\ud800"}}'),
    post('lone surrogate in a literal', '{"query":"{ products(search: \\"\\ud800\\") { totalCount } }"}'),
    post('right-to-left and emoji', { query: SEARCH, variables: { s: '\u202e\u{1f4a5}'.repeat(1000) } }),
    // Sizes.
    post('string just under the body limit, unused', { query: '{ categories }', variables: { big: justUnder } }),
    post('string just under the body limit, searched', { query: SEARCH, variables: { s: justUnder } }),
    post('body over the limit', { query: '{ categories }', variables: { big: `${justUnder}${'y'.repeat(400)}` } }),
    post('a megabyte of whitespace', { query: `{ categories ${' '.repeat(maxBodyBytes - 100)}}` }),
    post('decimal with a huge exponent', { query: 'mutation { createProduct(input: { sku: "D", name: "D", category: "D", price: "1e999" }) { id } }' }),
    // Identity.
    post('bearer without a token', { query: '{ me { id } }' }, { authorization: 'Bearer' }),
    post('bearer with garbage', { query: '{ me { id } }' }, { authorization: 'Bearer a.b.c' }),
    post('bearer of 8 kB', { query: '{ me { id } }' }, { authorization: `Bearer ${'a'.repeat(8_000)}` }),
    post('basic authorization', { query: '{ me { id } }' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }),
    post('unsigned token (alg none)', { query: '{ dashboard { generatedAt } }' }, { authorization: `Bearer ${noneToken}` }),
    post('spoofed forwarding headers', { query: '{ categories }' }, { 'x-forwarded-for': '1.2.3.4, <script>', 'x-client-address': '127.0.0.1', 'x-subgraph-signature': 'nope' }),
    post('odd accept', { query: '{ categories }' }, { accept: 'multipart/mixed; deferSpec=20220824, text/event-stream;q=2' }),
    // GET and query strings.
    get('GET without preflight', q('{ categories }'), {}),
    get('GET with a mutation', q('mutation { login(email: "a", password: "b") { token } }')),
    get('GET with variables not JSON', `${q(SEARCH)}&variables=%7Bnot`),
    get('GET with variables an array', `${q(SEARCH)}&variables=%5B1%5D`),
    get('GET with extensions not JSON', `${q('{ categories }')}&extensions=nope`),
    get('GET with the query twice', `${q('{ categories }')}&${q('{ stores { id } }')}`),
    get('GET with a bracketed key', 'query[]=%7B+categories+%7D'),
    get('GET with broken percent escapes', 'query=%E0%A4%A&variables=%ZZ'),
    get('GET with NUL escaped', `${q(SEARCH)}&variables=${encodeURIComponent('{"s":"a\\u0000b"}')}`),
    get('GET with no query', 'variables=%7B%7D'),
    get('GET with a 20 kB query string', q(`{ categories ${' '.repeat(20_000)}}`)),
    { name: 'PUT', method: 'PUT', headers: JSON_TYPE, body: '{"query":"{ categories }"}' },
    { name: 'DELETE', method: 'DELETE' },
    { name: 'OPTIONS', method: 'OPTIONS' },
    { name: 'PATCH', method: 'PATCH', headers: JSON_TYPE, body: '{}' },
    { name: 'HEAD', method: 'HEAD' },
    // Paths next to the endpoint.
    { name: 'trailing slash', target: '/graphql/', headers: JSON_TYPE, body: '{}' },
    { name: 'upper case path', target: '/GRAPHQL', headers: JSON_TYPE, body: '{}' },
    { name: 'encoded NUL in the path', target: '/graphql%00', method: 'GET' },
    { name: 'dot segments', target: '/%2e%2e/%2e%2e/etc/passwd', method: 'GET' },
    { name: 'health with a body', target: '/health', headers: JSON_TYPE, body: '{"query":"{ categories }"}' },
  ];
}

/** Requests fetch cannot make: the HTTP framing itself lies or is broken. */
export function brokenFraming(path: string): Array<{ name: string; parts: string[]; halfClose?: boolean }> {
  const head = (headers: string) => `POST ${path} HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n${headers}\r\n`;
  const body = '{"query":"{ categories }"}';
  return [
    { name: 'content-length longer than the body, then the client stops sending', parts: [head('Content-Length: 500\r\n'), body], halfClose: true },
    { name: 'content-length longer than the body, connection left open', parts: [head('Content-Length: 500\r\n'), body] },
    { name: 'content-length shorter than the body', parts: [head('Content-Length: 5\r\nConnection: close\r\n'), body] },
    { name: 'content-length not a number', parts: [head('Content-Length: abc\r\nConnection: close\r\n'), body] },
    { name: 'negative content-length', parts: [head('Content-Length: -1\r\nConnection: close\r\n'), body] },
    { name: 'content-length of 100 GB', parts: [head('Content-Length: 99999999999\r\n'), body], halfClose: true },
    { name: 'two different content-lengths', parts: [head(`Content-Length: ${body.length}\r\nContent-Length: 3\r\nConnection: close\r\n`), body] },
    { name: 'content-length and chunked', parts: [head('Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n'), `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`] },
    { name: 'chunk size not hex', parts: [head('Transfer-Encoding: chunked\r\nConnection: close\r\n'), 'zz\r\nabc\r\n0\r\n\r\n'] },
    { name: 'chunked body cut off', parts: [head('Transfer-Encoding: chunked\r\n'), 'ff\r\n{"query":'], halfClose: true },
    { name: 'garbage request line', parts: ['GARBAGE\r\n\r\n'] },
    { name: 'HTTP/0.9 request', parts: [`GET ${path}\r\n`] },
    { name: 'header without a colon', parts: [`GET ${path} HTTP/1.1\r\nHost: fuzz\r\nNoColonHere\r\n\r\n`] },
    { name: 'header of 64 kB', parts: [`GET ${path} HTTP/1.1\r\nHost: fuzz\r\nX-Big: ${'a'.repeat(65_536)}\r\n\r\n`] },
    { name: 'NUL in a header', parts: [`GET ${path} HTTP/1.1\r\nHost: fuzz\r\nX-Nul: a\u0000b\r\n\r\n`] },
    { name: 'pipelined requests, the second broken', parts: [`${head(`Content-Length: ${body.length}\r\n`)}${body}POST ${path} HTTP/1.1\r\nContent-Length: x\r\n\r\n`] },
  ];
}
