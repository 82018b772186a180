import { readFile } from 'node:fs/promises';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeServiceDefinitions } from '../../supergraph/composition.js';
import { composedSubgraphs, schemaFileOf } from '../../contracts/subgraphs.js';
import { expandTag, readCacheableDeclarations } from './cacheable-declarations.js';

const sdl = (field: string, type = '') => parse(`type Query { stores: [Store!]! }\ntype Store ${type} { id: ID! code: String! ${field} }`);
const errorsOf = (field: string, type = '') => readCacheableDeclarations(sdl(field, type)).errors;

describe('@cacheable declarations', () => {
  it('when declarations are well formed, then they are read by type and by field', () => {
    const { byCoordinate, errors } = readCacheableDeclarations(
      sdl('stock(storeId: ID!): Int @cacheable(maxAge: 60, scope: PUBLIC, tags: ["stock:level:{args.storeId}:{id}"])', '@cacheable(maxAge: 30, scope: ROLE_AND_STORE)'),
    );
    expect(errors).toEqual([]);
    expect(byCoordinate.get('Store')).toEqual({ maxAge: 30, scope: 'ROLE_AND_STORE', tags: [] });
    expect(byCoordinate.get('Store.stock')).toEqual({ maxAge: 60, scope: 'PUBLIC', tags: ['stock:level:{args.storeId}:{id}'] });
  });

  it.each([
    ['a maxAge of 0', 'n: Int @cacheable(maxAge: 0, scope: PUBLIC)', /maxAge/],
    ['a maxAge over a day', 'n: Int @cacheable(maxAge: 86401, scope: PUBLIC)', /maxAge/],
    ['no scope', 'n: Int @cacheable(maxAge: 5)', /scope/],
    ['an unknown scope', 'n: Int @cacheable(maxAge: 5, scope: EVERYONE)', /scope/],
    ['a tag with a space', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, tags: ["stock level"])', /tag/],
    ['a tag naming an argument the field lacks', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, tags: ["s:{args.storeId}"])', /no such argument/],
    ['a tag naming a field the type lacks', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, tags: ["s:{storeId}"])', /no field storeId/],
    ['a nested tag whose first field the type lacks', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, tags: ["s:{store.id}"])', /no field store/],
    ['a nested tag with an empty field name', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, tags: ["s:{code.}"])', /empty field name/],
    ['unbalanced braces', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, tags: ["s:{id"])', /braces/],
    ['an unknown argument', 'n: Int @cacheable(maxAge: 5, scope: PUBLIC, private: true)', /unknown arguments/],
  ])('when a declaration has %s, then it is an error and no declaration', (_, field, message) => {
    const { byCoordinate, errors } = readCacheableDeclarations(sdl(field));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(byCoordinate.size).toBe(0);
  });

  it('when a type-level declaration names an argument, then it is an error (a type has none)', () => {
    expect(errorsOf('', '@cacheable(maxAge: 5, scope: PUBLIC, tags: ["s:{args.id}"])')[0]).toMatch(/no arguments/);
  });

  it('when a tag is filled, then arguments and parent fields are lower-cased in, and a missing value gives no tag', () => {
    expect(expandTag('stock:level:{args.storeId}:{id}', { storeId: 'ABC' }, { id: 'P1' })).toBe('stock:level:abc:p1');
    expect(expandTag('stock:level:{args.storeId}:{id}', {}, { id: 'P1' })).toBeUndefined();
    expect(expandTag('s:{id}', {}, null)).toBeUndefined();
    expect(expandTag('s:{id}', {}, { id: 'has space' })).toBeUndefined();
    expect(expandTag('stock:location:{store.id}', {}, { storeId: 'x', store: { id: 'S1' } })).toBe('stock:location:s1');
    expect(expandTag('stock:location:{store.id}', {}, { storeId: 'S1' })).toBeUndefined();
    expect(expandTag('stock:location:{store.id}', {}, { store: 'S1' })).toBeUndefined();
  });
});

describe('composition with @cacheable', () => {
  async function services(edit?: (name: string, text: string) => string) {
    return Promise.all(
      composedSubgraphs.map(async (name) => {
        const text = await readFile(schemaFileOf(name), 'utf8');
        return { name, url: `http://${name}`, typeDefs: parse(edit ? edit(name, text) : text) };
      }),
    );
  }

  it('when the subgraphs declare well-formed @cacheable, then the directive is composed into the supergraph', async () => {
    const outcome = composeServiceDefinitions(await services());
    expect(outcome.errors).toEqual([]);
    expect(outcome.supergraphSdl).toContain('directive @cacheable(maxAge: Int!, scope: CacheScope!, tags: [String!]) on FIELD_DEFINITION | OBJECT');
    expect(outcome.supergraphSdl).toMatch(/stock\(storeId: ID!\): StockLevel .*@cacheable\(maxAge: 60, scope: PUBLIC, tags: \["stock:level:\{args.storeId\}:\{id\}"\]\)/);
  });

  it('when a subgraph declares a malformed @cacheable, then composition fails and names it', async () => {
    const outcome = composeServiceDefinitions(await services((name, text) => (name === 'inventory' ? text.replace('tags: ["stock:location:{id}"]', 'tags: ["stock:location:{storeId}"]') : text)));
    expect(outcome.supergraphSdl).toBeUndefined();
    expect(outcome.errors).toEqual(['[inventory] @cacheable on Store.stock: tag "stock:location:{storeId}": {storeId}: the type has no field storeId in this subgraph']);
  });

  it('when a declaration uses a scope the directive does not define, then composition fails', async () => {
    const outcome = composeServiceDefinitions(await services((name, text) => (name === 'catalog' ? text.replace('categories: [String!]! @cacheable(maxAge: 300, scope: PUBLIC', 'categories: [String!]! @cacheable(maxAge: 300, scope: ANYONE') : text)));
    expect(outcome.supergraphSdl).toBeUndefined();
    expect(outcome.errors.join('\n')).toMatch(/Query\.categories: scope must be one of PUBLIC, ROLE_AND_STORE, USER/);
  });
});
