/**
 * The architecture's rules as code (`npm run lint:architecture`, run by
 * `npm test`); docs/architecture.md explains the layers.
 *
 * Bottom to top: contracts/ and demo/ (shared facts: the subgraph registry,
 * domain events, the demo dataset) ← platform/ (what every service loads
 * at run time) ← subgraphs/* and supergraph/ (the services) ← tools/,
 * loadtest/, test/ (what runs them). web/ is its own app.
 */
const TEST_CODE = '(\\.test\\.ts$|\\.fixture\\.ts$|\\.contract\\.ts$|(^|/)test-support(/|\\.ts$)|^test/)';

/** Layer rules bind what ships; a test may start a subgraph with the launcher. */
const production = (path) => ({ path, pathNot: TEST_CODE });

/** A layer's shipped code imports none of `folders`. */
const layer = (name, comment, from, folders) => ({ name, comment, severity: 'error', from: production(from), to: { path: `^(${folders.join('|')})/` } });

module.exports = {
  forbidden: [
    {
      name: 'subgraphs-are-independent',
      comment: 'A subgraph talks to another only through the API (federation, signed subgraph requests, events), never by importing it.',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/' },
      to: { path: '^subgraphs/', pathNot: ['^subgraphs/$1/'] },
    },
    layer('subgraphs-below-the-router-and-tools', 'A subgraph imports none of supergraph/, tools/, loadtest/, web/.', '^subgraphs/', ['supergraph', 'tools', 'loadtest', 'web']),
    layer('platform-is-the-shared-runtime', 'platform/ is what every service loads: it knows no subgraph, router, tool, load test or web app.', '^platform/', ['subgraphs', 'supergraph', 'tools', 'loadtest', 'web']),
    {
      name: 'contracts-at-the-bottom',
      comment: 'contracts/ and demo/ are read by every layer and import none of them.',
      severity: 'error',
      from: { path: '^(contracts|demo)/' },
      to: { path: '^(platform|subgraphs|supergraph|tools|loadtest|web|test|scripts)/' },
    },
    layer('router-imports-no-app', 'The router reads generated files from disk (safelist, web/dist) and imports none of loadtest/, web/, tools/, subgraphs/.', '^supergraph/', ['loadtest', 'web', 'tools', 'subgraphs']),
    {
      name: 'production-never-imports-test-code',
      comment: 'Test files and test helpers (test/, test-support/, *.fixture.ts, *.contract.ts) are never imported by code that ships.',
      severity: 'error',
      from: { path: '^(contracts|demo|platform|subgraphs|supergraph|scripts|tools|web/src)/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'domain-is-given-its-configuration',
      comment: 'Configuration is read once at the composition root (<name>-subgraph.ts) and passed in; a domain module may name the Config type, never read it.',
      severity: 'error',
      from: production('^subgraphs/[^/]+/domain/'),
      to: { path: '^platform/config/config\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'A dependency circle: split the shared part out so that the modules depend one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|generated|prisma-client|dist|\\.build)/|^web/src/gql/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
