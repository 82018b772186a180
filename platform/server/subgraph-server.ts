import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { viewerFromAuthorization } from '../auth/access-token.js';
import { verifySignature } from '../auth/request-signature.js';
import type { Viewer } from '../auth/viewer.js';
import { config, subgraphPort, type Config, type SubgraphName } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { requestLoggingPlugin } from '../logging/request-logging.plugin.js';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics.plugin.js';
import { withAnswerLifetime } from '../response-cache/answer-lifetime.js';
import { cacheableDeclarationsPlugin } from '../response-cache/cacheable-declarations.plugin.js';
import { formatError } from './format-error.js';
import { graphqlHttpHandler, type RequestGuard } from './graphql-http-handler.js';
import { exitOnSignals, startHttpService, type HttpService } from './http-service.js';

/** What every subgraph knows about a request before its own additions. */
export interface BaseRequestContext extends BaseContext {
  viewer: Viewer | null;
  logger: Logger;
  /** The end client's address as the router saw it (x-client-address, signed), else the peer's; for per-address limits. */
  clientAddress?: string;
}

export interface SubgraphServerOptions<TContext extends BaseRequestContext> {
  name: SubgraphName;
  /** Path of the subgraph's schema.graphql. */
  schemaFile: URL | string;
  resolvers: unknown;
  /** Adds per-request state (DataLoaders …) to the base context. */
  createContext: (base: BaseRequestContext) => TContext | Promise<TContext>;
  readiness?: () => Promise<boolean>;
  onShutdown?: () => Promise<void>;
  port?: number;
  host?: string;
  /** The configuration read at the composition root (default: this process's). */
  config?: Config;
}

/**
 * A subgraph as its factory (`create<Name>Subgraph(deps)`) composes it from
 * the configuration read once at its composition root: server.ts serves it,
 * tests start the same wiring in process.
 */
export interface ComposedSubgraph<TContext extends BaseRequestContext> {
  /** Before serving: waits for its migrations, seeds the demo data, derives what is missing. */
  prepare(): Promise<void>;
  /** Background work (outbox relay, event consumer, periodic jobs); the server's shutdown stops it. */
  startBackground(): void;
  /** What startSubgraphServer serves. */
  server: SubgraphServerOptions<TContext>;
}

/** What a subgraph's server.ts does: prepare, start the background work, serve. */
export async function serveSubgraph<TContext extends BaseRequestContext>(subgraph: ComposedSubgraph<TContext>): Promise<HttpService> {
  await subgraph.prepare();
  subgraph.startBackground();
  return startSubgraphServer(subgraph.server);
}

/**
 * The router turns a non-2xx subgraph answer into an opaque "400: Bad
 * Request"; answering 200 with the errors keeps their codes (BAD_USER_INPUT
 * from a scalar rejecting a literal) on their way to the client.
 */
const errorsAsGraphQLResponses: ApolloServerPlugin<BaseRequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.http.status === 400) response.http.status = 200;
      },
    };
  },
};

/**
 * Only holders of SUBGRAPH_SIGNING_SECRET (the router, another subgraph's
 * saga calls) reach a subgraph's operations: anything else is refused with
 * 401 UNAUTHENTICATED before it is parsed, so a forged bearer token or
 * client address never gets near a resolver.
 */
function signedRequestsOnly(c: Config, logger: Logger): RequestGuard {
  return (req, rawBody) => {
    const header = (name: string) => ((value) => (Array.isArray(value) ? value.join(', ') : value))(req.headers[name]);
    const check = verifySignature({ method: req.method ?? 'GET', path: req.url ?? '/', header, body: rawBody }, c.SUBGRAPH_SIGNING_SECRET, c.SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS);
    if (check.ok) return undefined;
    logger.warn({ reason: check.reason, remoteAddress: req.socket.remoteAddress }, 'unsigned or badly signed subgraph request refused');
    return { status: 401, code: 'UNAUTHENTICATED', message: check.reason };
  };
}

export function loadTypeDefs(schemaFile: URL | string) {
  return parse(readFileSync(schemaFile, 'utf8'));
}

export async function startSubgraphServer<TContext extends BaseRequestContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<HttpService> {
  const c = options.config ?? config();
  const logger = createLogger(options.name);
  const typeDefs = loadTypeDefs(options.schemaFile);
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<TContext>({
    schema,
    formatError: formatError(logger, c.NODE_ENV === 'production'),
    includeStacktraceInErrorResponses: false,
    introspection: c.NODE_ENV !== 'production',
    // No cache-control hints are used: the plugin's per-field hook cost about 2% of a subgraph's CPU.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), errorsAsGraphQLResponses, graphqlMetricsPlugin(), requestLoggingPlugin(logger), cacheableDeclarationsPlugin<TContext>(typeDefs)],
  });
  await apollo.start();

  const context = async (req: IncomingMessage): Promise<TContext> => {
    const viewer = await viewerFromAuthorization(req.headers.authorization);
    const forwarded = req.headers['x-client-address'];
    const clientAddress = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.socket.remoteAddress;
    return options.createContext({ viewer, logger, clientAddress });
  };

  const graphql = graphqlHttpHandler(apollo, context, signedRequestsOnly(c, logger));
  const service = await startHttpService({
    name: options.name,
    host: options.host ?? c.HOST,
    port: options.port ?? subgraphPort(options.name, c),
    logger,
    // Each request its own answer lifetime: what the domain caps while resolving reaches the declarations plugin.
    routes: { '/graphql': (req, res) => withAnswerLifetime(() => graphql(req, res)) },
    readiness: options.readiness,
    onShutdown: async () => {
      await apollo.stop();
      await options.onShutdown?.();
    },
  });
  exitOnSignals(service, logger);
  return service;
}
