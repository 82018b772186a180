import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../platform/config/config.js';
import { freePort } from '../../tools/launcher/ports.js';
import { spawnService, waitUntilReady, type ServiceProcess } from '../../tools/launcher/service-process.js';
import { loadSafelist, operationHash } from '../../supergraph/operation-safelist.js';
import { subgraphs } from '../../contracts/subgraphs.js';

const root = path.resolve(import.meta.dirname, '../..');
const services = inject('serviceUrls');

interface Reply {
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(baseUrl: string, body: Record<string, unknown>): Promise<Reply> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Reply;
}

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: operationHash(query) } });

describe('automatic persisted queries', () => {
  it('when a client sends only the hash of an unknown operation, then PERSISTED_QUERY_NOT_FOUND; once sent with its text, the hash alone runs it', async () => {
    // Unique to this run: a store shared with earlier runs (Redis) cannot know it yet.
    const query = `query Apq${randomBytes(6).toString('hex')} { categories }`;
    const unknown = await post(services.router!, { extensions: persisted(query) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(services.router!, { query, extensions: persisted(query) });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.categories.length).toBeGreaterThan(0);

    const byHash = await post(services.router!, { extensions: persisted(query) });
    expect(byHash).toEqual(registered);
  });

  it('when the hash sent does not match the text, then nothing runs and nothing is stored under that hash', async () => {
    const query = `query Apq${randomBytes(6).toString('hex')} { categories }`;
    const forged = await post(services.router!, { query: '{ stores { id } }', extensions: persisted(query) });
    expect(forged.data).toBeUndefined();
    expect(forged.errors?.[0]?.message).toMatch(/provided sha does not match query/);
    expect((await post(services.router!, { extensions: persisted(query) })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('operation safelist (OPERATION_SAFELIST=enforce)', () => {
  let router: ServiceProcess;
  const safelist = loadSafelist(loadConfig({}).OPERATION_SAFELIST_FILE);
  const categories = [...safelist.values()].find((text) => /query Categories\b/.test(text) && !text.startsWith('#'))!;

  beforeAll(async () => {
    const port = await freePort();
    const urls = Object.fromEntries(subgraphs.map(({ name, urlKey }) => [urlKey, `${services[name]}/graphql`]));
    const env = { ...process.env, LOG_LEVEL: 'warn', ROUTER_PORT: String(port), SUBGRAPH_SIGNING_SECRET: inject('subgraphSigningSecret'), OPERATION_SAFELIST: 'enforce', ...urls };
    router = spawnService('router-safelist', path.join(root, 'supergraph', 'router.ts'), env, `http://127.0.0.1:${port}`, 'ignore');
    await waitUntilReady(router, 60_000);
  });

  afterAll(async () => {
    await router?.stop();
  });

  it('when a registered operation (the web app’s Categories) is sent as text or by its hash alone, then it runs', async () => {
    const asText = await post(router.baseUrl, { query: categories });
    expect(asText.errors).toBeUndefined();
    expect(asText.data.categories.length).toBeGreaterThan(0);
    expect(await post(router.baseUrl, { extensions: persisted(categories) })).toEqual(asText);
  });

  it('when an operation that is not registered is sent, even with its hash, then it is refused with OPERATION_NOT_IN_SAFELIST and not stored', async () => {
    const query = '{ categories }';
    const refused = await post(router.baseUrl, { query });
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_IN_SAFELIST');
    expect((await post(router.baseUrl, { query, extensions: persisted(query) })).errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_IN_SAFELIST');
    expect((await post(router.baseUrl, { extensions: persisted(query) })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // The e2e router (safelist off) runs the same text: the refusal is the safelist's.
    expect((await post(services.router!, { query })).errors).toBeUndefined();
  });
});
