import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { viewerFromAuthorization } from '../auth/access-token.js';
import type { Viewer } from '../auth/viewer.js';
import { config, subgraphPort, type SubgraphName } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { requestLoggingPlugin } from '../logging/request-logging.plugin.js';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics.plugin.js';
import { formatError } from './format-error.js';
import { graphqlHttpHandler } from './graphql-http-handler.js';
import { exitOnSignals, startHttpService, type HttpService } from './http-service.js';

/** What every subgraph knows about a request before its own additions. */
export interface BaseRequestContext extends BaseContext {
  viewer: Viewer | null;
  logger: Logger;
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

export function loadTypeDefs(schemaFile: URL | string) {
  return parse(readFileSync(schemaFile, 'utf8'));
}

export async function startSubgraphServer<TContext extends BaseRequestContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<HttpService> {
  const c = config();
  const logger = createLogger(options.name);
  const schema = buildSubgraphSchema({
    typeDefs: loadTypeDefs(options.schemaFile),
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<TContext>({
    schema,
    formatError: formatError(logger, c.NODE_ENV === 'production'),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), errorsAsGraphQLResponses, graphqlMetricsPlugin(), requestLoggingPlugin(logger)],
  });
  await apollo.start();

  const context = async (req: IncomingMessage): Promise<TContext> => {
    const viewer = await viewerFromAuthorization(req.headers.authorization);
    return options.createContext({ viewer, logger });
  };

  const service = await startHttpService({
    name: options.name,
    host: options.host ?? c.HOST,
    port: options.port ?? subgraphPort(options.name, c),
    logger,
    routes: { '/graphql': graphqlHttpHandler(apollo, context) },
    readiness: options.readiness,
    onShutdown: async () => {
      await apollo.stop();
      await options.onShutdown?.();
    },
  });
  exitOnSignals(service, logger);
  return service;
}
