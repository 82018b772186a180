// Hive Gateway as `npm run bench` runs it (scripts/bench.ts, which loads tsx
// into its process): the bench's supergraph and subgraphs, out-of-the-box
// settings (no response cache, no tracing, default logging). Like our
// router it forwards the caller's token (propagateHeaders, so that its
// deduplication of identical in-flight subgraph requests keeps callers
// apart) and signs every subgraph request with the product's own signing
// code (platform/auth/request-signature.ts): our subgraphs answer signed
// requests only.
import { defineConfig } from '@graphql-hive/gateway';

const { withSubgraphSignature } = await import(new URL('../../platform/auth/request-signature.ts', import.meta.url).href);

const signSubgraphRequests = {
  onFetch({ url, options, setOptions, executionRequest }) {
    // The propagated headers may be added after this hook: sign over what will be sent.
    const headers = { ...options.headers, ...executionRequest?.extensions?.headers };
    setOptions({ ...options, headers: withSubgraphSignature(url, { method: options.method ?? 'POST', headers, body: options.body }) });
  },
};

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
  },
  plugins: () => [signSubgraphRequests],
});
