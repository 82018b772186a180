// Hive Gateway as `npm run bench` runs it (loadtest/bench/bench.ts, which loads tsx
// into its process): the bench's supergraph and subgraphs, out-of-the-box
// settings (no tracing, default logging; no response cache but for the row
// below). Like our router it forwards the caller's token (propagateHeaders, so that its
// deduplication of identical in-flight subgraph requests keeps callers
// apart) and signs every subgraph request with the product's own signing
// code (platform/auth/request-signature.ts): our subgraphs answer signed
// requests only.
//
// PEER_RESPONSE_CACHE_TTL_MS turns on Hive Gateway's own response cache
// (its `responseCaching`, the bundled @graphql-mesh/plugin-response-cache)
// for the bench's "Hive Gateway, response cache on" row, with that TTL: the
// bench gives the shortest maxAge our subgraphs declare for the query. Its
// `session` is the caller's token: the gateway cannot know which answers are
// the same for everyone, so keeping each identity's answers apart is the
// only setting that never serves an answer to an identity that may not see
// it. With PEER_RESPONSE_CACHE_REDIS_URL the entries are in that Redis
// (under PEER_RESPONSE_CACHE_KEY_PREFIX), like our router's; otherwise in
// the gateway's process.
import { defineConfig } from '@graphql-hive/gateway';

const { withSubgraphSignature } = await import(new URL('../../platform/auth/request-signature.ts', import.meta.url).href);

const signSubgraphRequests = {
  onFetch({ url, options, setOptions, executionRequest }) {
    // The propagated headers may be added after this hook: sign over what will be sent.
    const headers = { ...options.headers, ...executionRequest?.extensions?.headers };
    setOptions({ ...options, headers: withSubgraphSignature(url, { method: options.method ?? 'POST', headers, body: options.body }) });
  },
};

const cacheTtlMs = Number(process.env.PEER_RESPONSE_CACHE_TTL_MS ?? 0);
const cacheRedisUrl = process.env.PEER_RESPONSE_CACHE_REDIS_URL;

const responseCache =
  cacheTtlMs > 0
    ? {
        responseCaching: { ttl: cacheTtlMs, session: (request) => request.headers.get('authorization') ?? null },
        ...(cacheRedisUrl ? { cache: { type: 'redis', url: cacheRedisUrl, keyPrefix: process.env.PEER_RESPONSE_CACHE_KEY_PREFIX ?? 'hive-bench:' } } : {}),
      }
    : {};

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
  },
  plugins: () => [signSubgraphRequests],
  ...responseCache,
});
