import { describe, expect, it } from 'vitest';
import { storeId } from '../support/demo.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';

const ME = `{ me { id email name role store { id code } } }`;

describe('authentication', () => {
  it.each([
    ['admin@retail.test', 'HQ_ADMIN', null],
    ['logistics@retail.test', 'LOGISTICS', null],
    ['manager1@retail.test', 'STORE_MANAGER', 'STORE-1'],
    ['clerk3@retail.test', 'CLERK', 'STORE-3'],
    ['customer@retail.test', 'CUSTOMER', null],
  ])('when %s signs in, then me has role %s and store %s', async (email, role, storeCode) => {
    const { me } = await gqlOk(ME, {}, await login(email));
    expect(me.email).toBe(email);
    expect(me.role).toBe(role);
    expect(me.store?.code ?? null).toBe(storeCode);
  });

  it('when the password is wrong or the email unknown, then both are the same UNAUTHENTICATED error', async () => {
    const wrong = await gql(`mutation { login(email: "admin@retail.test", password: "nope") { token } }`);
    const unknown = await gql(`mutation { login(email: "ghost@retail.test", password: "nope") { token } }`);
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('when a customer registers, then the token works and the same email cannot register again', async () => {
    const email = `shopper-${Date.now()}@example.com`;
    const register = `mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { token viewer { id role email } } }`;
    const { registerCustomer } = await gqlOk(register, { i: { email, name: 'Shopper', password: 'long-enough-1' } });
    expect(registerCustomer.viewer).toMatchObject({ role: 'CUSTOMER', email });
    const { me } = await gqlOk(ME, {}, registerCustomer.token);
    expect(me.id).toBe(registerCustomer.viewer.id);
    expect(errorCode(await gql(register, { i: { email: email.toUpperCase(), name: 'Again', password: 'long-enough-2' } }))).toBe('CONFLICT');
    expect(errorCode(await gql(register, { i: { email: 'not-an-email', name: 'X', password: 'long-enough-3' } }))).toBe('BAD_USER_INPUT');
  });

  it('when no token is sent, then me is null; when a forged token is sent, then UNAUTHENTICATED', async () => {
    expect((await gqlOk(ME)).me).toBeNull();
    const forged = await gql(ME, {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect(errorCode(forged)).toBe('UNAUTHENTICATED');
  });

  it('when a customer reads a store sales history, then FORBIDDEN; without a token, UNAUTHENTICATED', async () => {
    const query = `query($id: ID!) { store(id: $id) { sales(first: 1) { totalCount } } }`;
    expect(errorCode(await gql(query, { id: storeId(1) }, await login('customer@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(query, { id: storeId(1) }))).toBe('UNAUTHENTICATED');
  });
});
