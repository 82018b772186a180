import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { config, subgraphUrl, type SubgraphName } from '../platform/config/config.js';
import { createLogger } from '../platform/logging/logger.js';
import { graphqlHttpHandler } from '../platform/server/graphql-http-handler.js';
import { exitOnSignals, startHttpService } from '../platform/server/http-service.js';
import { requestLoggingPlugin } from '../platform/logging/request-logging.plugin.js';
import { graphqlMetricsPlugin } from '../platform/metrics/graphql-metrics.plugin.js';
import { supergraphFile } from './composition.js';
import { instrumentGateway } from './gateway-metrics.js';
import { playgroundAssetHandler, playgroundAssetPaths, playgroundHandler } from './playground.js';
import { routerContext, type RouterContext } from './router-context.js';
import { operationLimitOptions, operationLimits } from './operation-limits.js';
import { loadSafelist, safelistPlugin } from './operation-safelist.js';
import { operationResolutionPlugin } from './operation-resolution.plugin.js';
import { nulCharactersPlugin } from './nul-characters.plugin.js';
import { knownOperationTypesRule } from './known-operation-types.rule.js';
import { persistedQueryOptions } from './persisted-queries.js';
import { routerFormatError } from './router-format-error.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { createResponseCache } from './create-response-cache.js';
import { responseCacheDebugPlugin } from './response-cache-debug.plugin.js';
import { responseCacheInvalidationHandler } from './response-cache-invalidation.js';
import { wholeResponseCachePlugin } from './whole-response-cache.plugin.js';
import { resilienceOptions } from './subgraph-resilience.js';
import { webAppRoutes } from './web-app.js';

/**
 * The router: Apollo Gateway over the supergraph composed at build time
 * (supergraph/supergraph.graphql), with subgraph URLs from configuration.
 */
const c = config();
const logger = createLogger('router');

const supergraphSdl = readFileSync(supergraphFile, 'utf8');
const responseCache = createResponseCache(c, supergraphSdl, logger);
const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ name }) =>
    new SubgraphDataSource(name, subgraphUrl(name as SubgraphName, c), resilienceOptions(name as SubgraphName, c), c.SUBGRAPH_MAX_REPRESENTATIONS, responseCache?.forSubgraph(name)),
});

instrumentGateway(gateway);

// Abusive operations are refused before they are planned (operation-limits.ts); with
// OPERATION_SAFELIST=enforce only the registered operations run (operation-safelist.ts).
const limits = operationLimitOptions<RouterContext>(operationLimits(c));
const safelist = c.OPERATION_SAFELIST === 'enforce' ? loadSafelist(c.OPERATION_SAFELIST_FILE) : undefined;

const apollo = new ApolloServer<RouterContext>({
  gateway,
  formatError: routerFormatError(logger, c.NODE_ENV === 'production'),
  includeStacktraceInErrorResponses: false,
  introspection: c.NODE_ENV !== 'production',
  parseOptions: limits.parseOptions,
  validationRules: [knownOperationTypesRule, ...limits.validationRules],
  persistedQueries: persistedQueryOptions(c, safelist),
  plugins: [
    operationResolutionPlugin(),
    nulCharactersPlugin(),
    ApolloServerPluginLandingPageDisabled(),
    // No cache-control hints are used (the subgraphs send none either).
    ApolloServerPluginCacheControlDisabled(),
    graphqlMetricsPlugin(),
    requestLoggingPlugin(logger),
    responseCacheDebugPlugin(),
    ...(safelist ? [safelistPlugin<RouterContext>(safelist)] : []),
    ...limits.plugins,
    // Last: an operation is answered from it only once every check above has passed.
    ...(responseCache ? [wholeResponseCachePlugin(responseCache.whole)] : []),
  ],
});
if (safelist) logger.info({ operations: safelist.size }, 'operation safelist enforced');
await apollo.start();

const graphql = graphqlHttpHandler(apollo, routerContext);
const service = await startHttpService({
  name: 'router',
  host: c.HOST,
  port: c.ROUTER_PORT,
  logger,
  routes: {
    ...(c.NODE_ENV === 'production' ? {} : Object.fromEntries(playgroundAssetPaths.map((p) => [p, playgroundAssetHandler]))),
    '/graphql': (req, res) => (req.method === 'GET' && req.headers.accept?.includes('text/html') && c.NODE_ENV !== 'production' ? playgroundHandler(req, res) : graphql(req, res)),
    '/cache/invalidate': responseCacheInvalidationHandler(responseCache?.cache),
    '/': (req, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/graphql');
      res.end();
    },
    // The web app when built (web/dist): index.html at each of its paths, `/` included.
    ...webAppRoutes(),
  },
  readiness: async () => true,
  onShutdown: async () => {
    await apollo.stop();
    await responseCache?.cache.close();
  },
  // Which replica answered (behind Nginx): host name (the container's in compose) and port.
  responseHeaders: { 'x-served-by': `${hostname()}:${c.ROUTER_PORT}` },
});
exitOnSignals(service, logger);
