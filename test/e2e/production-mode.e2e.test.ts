import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withSubgraphSignature } from '../../platform/auth/request-signature.js';
import { freePort } from '../../tools/launcher/ports.js';
import { spawnService, waitUntilReady, type ServiceProcess } from '../../tools/launcher/service-process.js';
import { playgroundAssetPaths } from '../../supergraph/playground.js';
import { subgraphDefinition, subgraphs } from '../../contracts/subgraphs.js';

/**
 * NODE_ENV=production: a router and a catalog of their own, next to the
 * e2e system (whose other subgraphs the router uses), with secrets of their
 * own. The e2e router, not in production mode, is the control.
 */
const root = path.resolve(import.meta.dirname, '../..');
const routerEntry = path.join(root, 'supergraph', 'router.ts');
const secret = inject('subgraphSigningSecret');
const services = inject('serviceUrls');
const INTROSPECTION = JSON.stringify({ query: '{ __schema { queryType { name } } }' });

let router: ServiceProcess;
let catalog: ServiceProcess;

function productionEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: randomBytes(32).toString('hex'), SUBGRAPH_SIGNING_SECRET: secret, ...extra };
}

beforeAll(async () => {
  const [routerPort, catalogPort] = [await freePort(), await freePort()];
  catalog = spawnService('catalog-production', path.join(root, subgraphDefinition('catalog').entry), productionEnv({ CATALOG_PORT: String(catalogPort), DATABASE_URL: inject('e2eDatabaseUrl'), SEED_DEMO_DATA: 'false' }), `http://127.0.0.1:${catalogPort}`, 'ignore');
  const urls = Object.fromEntries(subgraphs.filter(({ name }) => name !== 'catalog').map(({ name, urlKey }) => [urlKey, `${services[name]}/graphql`]));
  router = spawnService('router-production', routerEntry, productionEnv({ ROUTER_PORT: String(routerPort), CATALOG_URL: `${catalog.baseUrl}/graphql`, ...urls }), `http://127.0.0.1:${routerPort}`, 'ignore');
  await Promise.all([waitUntilReady(catalog, 60_000), waitUntilReady(router, 60_000)]);
});

afterAll(async () => {
  await Promise.all([router?.stop(), catalog?.stop()]);
});

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe('production mode', () => {
  it('when the router and a subgraph run in production with their own secrets, then queries work through the router (signed with that secret)', async () => {
    const reply = await post(`${router.baseUrl}/graphql`, JSON.stringify({ query: '{ categories stores { code } }' }));
    expect(reply.errors).toBeUndefined();
    expect(reply.data.categories.length).toBeGreaterThan(0);
    expect(reply.data.stores).toHaveLength(5);
  });

  it('when introspection is asked of the production router, then it is refused; the development router answers it', async () => {
    const refused = await post(`${router.baseUrl}/graphql`, INTROSPECTION);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringContaining('introspection'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect((await post(`${services.router}/graphql`, INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('when introspection is asked of a production subgraph in a correctly signed request, then it is refused', async () => {
    const url = `${catalog.baseUrl}/graphql`;
    const refused = await post(url, INTROSPECTION, withSubgraphSignature(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: INTROSPECTION }, secret));
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('when a browser asks the production router for the playground, then it is not served; the development router serves it', async () => {
    const page = async (base: string) => {
      const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
      return { type: response.headers.get('content-type') ?? '', html: (await response.text()).includes('<html') };
    };
    expect(await page(router.baseUrl)).toMatchObject({ html: false, type: expect.not.stringContaining('text/html') });
    expect(await page(services.router!)).toMatchObject({ html: true, type: expect.stringContaining('text/html') });
    const asset = playgroundAssetPaths[0]!;
    expect([(await fetch(`${router.baseUrl}${asset}`)).status, (await fetch(`${services.router}${asset}`)).status]).toEqual([404, 200]);
  });

  it('when a production process is started with the development secrets, then it refuses to start and names them', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', ROUTER_PORT: String(await freePort()) };
    delete env.JWT_SECRET;
    delete env.SUBGRAPH_SIGNING_SECRET;
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', routerEntry], { env, cwd: root, timeout: 60_000 });
    const failure = (await run.then(() => undefined, (error: { code?: number; stderr?: string }) => error)) as { code?: number; stderr?: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/JWT_SECRET: the development default must not be used in production/);
    expect(failure?.stderr).toMatch(/SUBGRAPH_SIGNING_SECRET: the development default/);
  });
});
