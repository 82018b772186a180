import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signServiceToken } from '../../platform/auth/access-token.js';
import { demoStores } from '../../demo/demo-dataset.js';
import type { HttpService } from '../../platform/server/http-service.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { postToSubgraph } from '../../test/support/subgraph-request.js';
import { createAccountsSubgraph } from './accounts-subgraph.js';
import { loadConfig } from '../../platform/config/config.js';
import { accountsDb, disconnectAccountsDb } from './data-access/accounts-database.js';
import { seedDemoAccounts } from './domain/seed-demo-accounts.use-case.js';
import { resolvers } from './resolvers.js';

interface Response {
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: { cacheable?: { root?: unknown } };
}

let service: HttpService;

/** POSTs an operation to the running accounts subgraph, signed as the router does. */
async function run(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Response> {
  return (await postToSubgraph(`${service.url}/graphql`, query, variables, token)) as Response;
}

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token viewer { id email name role store { id } } } }`;
const REGISTER = `mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { token viewer { id email role store { id } } } }`;
const ME = `{ me { id email name role store { id } } }`;

async function tokenOf(email: string, password: string): Promise<string> {
  const result = await run(LOGIN, { e: email, p: password });
  expect(result.errors).toBeUndefined();
  return result.data.login.token;
}

describe('accounts subgraph over HTTP (PostgreSQL)', () => {
  beforeAll(async () => {
    await seedDemoAccounts();
    service = await startSubgraphServer({
      ...createAccountsSubgraph({ config: loadConfig() }).server,
      host: '127.0.0.1',
      port: 0,
    });
  });

  afterAll(async () => {
    await service?.shutdown();
  });

  it('when the database answers, then the subgraph reports ready', async () => {
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(200);
  });

  it('when a clerk signs in, then the viewer references the clerk store and me returns the same viewer', async () => {
    const result = await run(LOGIN, { e: 'clerk2@retail.test', p: 'clerk2' });
    expect(result.data.login.viewer).toMatchObject({ email: 'clerk2@retail.test', name: 'Clerk 2', role: 'CLERK', store: { id: demoStores[1]!.id } });
    const me = await run(ME, {}, result.data.login.token);
    expect(me.data).toEqual({ me: result.data.login.viewer });
    // Declared for the router's response cache: the caller's own, tagged by the account.
    expect(me.extensions?.cacheable?.root).toMatchObject({ scope: 'USER', tags: [`accounts:user:${result.data.login.viewer.id}`] });
  });

  it('when head office or a customer asks who they are, then their viewer has no store', async () => {
    expect((await run(ME, {}, await tokenOf('admin@retail.test', 'admin'))).data.me).toMatchObject({ role: 'HQ_ADMIN', store: null });
    expect((await run(ME, {}, await tokenOf('customer@retail.test', 'customer'))).data.me).toMatchObject({
      email: 'customer@retail.test',
      role: 'CUSTOMER',
      store: null,
    });
  });

  it('when there is no token or a service token, then me is null', async () => {
    expect((await run(ME)).data).toEqual({ me: null });
    expect((await run(ME, {}, await signServiceToken('sales'))).data).toEqual({ me: null });
  });

  it('when login fails, then the error carries UNAUTHENTICATED and the same message for unknown email and wrong password', async () => {
    const wrong = await run(LOGIN, { e: 'admin@retail.test', p: 'wrong' });
    const unknown = await run(LOGIN, { e: 'ghost@retail.test', p: 'wrong' });
    expect(wrong.data).toBeNull();
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    expect(unknown.errors?.[0]?.extensions).toEqual(wrong.errors?.[0]?.extensions);
  });

  it('when registration input is invalid, then the error names the field', async () => {
    const result = await run(REGISTER, { i: { email: 'ok@example.com', name: 'Ok', password: 'short' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });

  it('when a customer registers, then the token works for me and their Customer entity resolves by reference', async () => {
    const registered = await run(REGISTER, { i: { email: 'Entity@Example.com', name: 'Entity', password: 'reference-1' } });
    const { token, viewer } = registered.data.registerCustomer;
    expect(viewer).toMatchObject({ email: 'entity@example.com', role: 'CUSTOMER', store: null });
    expect((await run(ME, {}, token)).data.me.id).toBe(viewer.id);

    const entities = await run(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id email name } } }`, {
      r: [
        { __typename: 'Customer', id: viewer.id },
        { __typename: 'Customer', id: '00000000-0000-4000-8000-00000000dead' },
        { __typename: 'Customer', id: 'not-a-uuid' },
      ],
    });
    expect(entities).toEqual({ data: { _entities: [{ id: viewer.id, email: 'entity@example.com', name: 'Entity' }, null, null] } });
  });
});
