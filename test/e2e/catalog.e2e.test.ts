import { describe, expect, it } from 'vitest';
import { unknownId } from '../support/demo.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';

const CREATE = `mutation($i: CreateProductInput!) { createProduct(input: $i) { id sku name category price description active updatedAt } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { id name price active description updatedAt } }`;
const READ = `query($id: ID!) { product(id: $id) { name price active description } }`;

const sku = () => `E2E-${Date.now().toString(36).toUpperCase()}-${Math.floor(Math.random() * 1e6)}`;

describe('catalog management (UC4)', () => {
  it('when head office creates and updates a product, then it is searchable with the new price and can be deactivated', async () => {
    const admin = await login('admin@retail.test');
    const { createProduct } = await gqlOk(CREATE, { i: { sku: sku(), name: 'Quince Jam 340g', category: 'Pantry', price: '4.20', description: 'Small batch' } }, admin);
    expect(createProduct).toMatchObject({ name: 'Quince Jam 340g', category: 'Pantry', price: '4.20', active: true });

    const { updateProduct } = await gqlOk(UPDATE, { id: createProduct.id, i: { price: '3.95', active: false } }, admin);
    expect(updateProduct).toMatchObject({ price: '3.95', active: false, name: 'Quince Jam 340g' });
    expect(new Date(updateProduct.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(createProduct.updatedAt).getTime());

    const { products } = await gqlOk(`{ products(search: "quince jam", category: "Pantry") { totalCount edges { node { id price } } } }`);
    expect(products.edges).toContainEqual({ node: { id: createProduct.id, price: '3.95' } });
    expect((await gqlOk(`{ categories }`)).categories).toContain('Pantry');
  });

  it('when a clerk or an anonymous caller creates a product, then FORBIDDEN / UNAUTHENTICATED and nothing is created', async () => {
    const input = { sku: sku(), name: 'Forbidden Fruit', category: 'Produce', price: '1.00' };
    expect(errorCode(await gql(CREATE, { i: input }, await login('clerk1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(CREATE, { i: input }))).toBe('UNAUTHENTICATED');
    expect((await gqlOk(`{ products(search: "Forbidden Fruit") { totalCount } }`)).products.totalCount).toBe(0);
  });

  it('when the price is malformed or not positive, then BAD_USER_INPUT and the product is unchanged', async () => {
    const admin = await login('admin@retail.test');
    const { createProduct } = await gqlOk(CREATE, { i: { sku: sku(), name: 'Rye Crackers', category: 'Snacks', price: '2.00' } }, admin);
    for (const price of ['12.345', 'abc', '1e3', '-1.00', '0.00']) {
      expect({ price, code: errorCode(await gql(UPDATE, { id: createProduct.id, i: { price } }, admin)) }).toEqual({ price, code: 'BAD_USER_INPUT' });
    }
    expect(errorCode(await gql(`mutation($id: ID!) { updateProduct(id: $id, input: { price: 5 }) { id } }`, { id: createProduct.id }, admin))).toBe('BAD_USER_INPUT');
    expect((await gqlOk(READ, { id: createProduct.id })).product).toMatchObject({ price: '2.00' });
  });

  it('when the SKU already exists or the product is unknown, then CONFLICT / NOT_FOUND', async () => {
    const admin = await login('admin@retail.test');
    const input = { sku: sku(), name: 'Twin', category: 'Snacks', price: '1.00' };
    await gqlOk(CREATE, { i: input }, admin);
    expect(errorCode(await gql(CREATE, { i: input }, admin))).toBe('CONFLICT');
    expect(errorCode(await gql(UPDATE, { id: unknownId, i: { name: 'x' } }, admin))).toBe('NOT_FOUND');
    expect((await gqlOk(READ, { id: unknownId })).product).toBeNull();
  });
});
