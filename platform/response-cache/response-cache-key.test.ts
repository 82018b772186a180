import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.js';
import { narrowestScope, responseCacheKey, scopePart, stableJson } from './response-cache-key.js';

const clerk1: Viewer = { kind: 'staff', id: 'u1', role: 'CLERK', storeId: 's1' };
const clerk1b: Viewer = { kind: 'staff', id: 'u2', role: 'CLERK', storeId: 's1' };
const clerk2: Viewer = { kind: 'staff', id: 'u3', role: 'CLERK', storeId: 's2' };
const manager1: Viewer = { kind: 'staff', id: 'u4', role: 'STORE_MANAGER', storeId: 's1' };
const customer: Viewer = { kind: 'customer', id: 'u1', role: 'CUSTOMER', storeId: null };
const service: Viewer = { kind: 'service', id: 'sales', role: null, storeId: null };
const base = { schema: 'h', subgraph: 'inventory', type: 'Store', keyFields: { id: 's1' }, selection: '{ stock { totalCount } }', scope: 'public' };

describe('response cache scopes', () => {
  it('when the scope is public, then every identity shares one entry', () => {
    expect(new Set([null, clerk1, clerk2, customer].map((v) => scopePart('PUBLIC', v)))).toEqual(new Set(['public']));
  });

  it('when the scope is role and store, then clerks of one store share, and another store, another role or anonymous do not', () => {
    expect(scopePart('ROLE_AND_STORE', clerk1)).toBe(scopePart('ROLE_AND_STORE', clerk1b));
    const parts = [clerk1, clerk2, manager1, customer, null].map((v) => scopePart('ROLE_AND_STORE', v));
    expect(new Set(parts).size).toBe(5);
  });

  it('when the scope is per user, then no two users share, even a customer and a staff member with the same id', () => {
    const parts = [clerk1, clerk1b, customer, null].map((v) => scopePart('USER', v));
    expect(new Set(parts).size).toBe(4);
  });

  it('when a service acts inside a saga, then nothing it asks is cached, whatever the scope', () => {
    expect(['PUBLIC', 'ROLE_AND_STORE', 'USER'].map((s) => scopePart(s as 'PUBLIC', service))).toEqual([undefined, undefined, undefined]);
  });

  it('when fields of several scopes are fetched together, then the fetch takes the narrowest audience', () => {
    expect(narrowestScope(['PUBLIC', 'ROLE_AND_STORE'])).toBe('ROLE_AND_STORE');
    expect(narrowestScope(['USER', 'PUBLIC'])).toBe('USER');
    expect(narrowestScope(['PUBLIC'])).toBe('PUBLIC');
  });
});

describe('response cache keys', () => {
  it('when the same key fields come in another order, then the key is the same', () => {
    expect(responseCacheKey({ ...base, keyFields: { a: 1, b: { c: [1, { d: 2, e: 3 }] } } })).toBe(responseCacheKey({ ...base, keyFields: { b: { c: [1, { e: 3, d: 2 }] }, a: 1 } }));
    expect(stableJson({ b: 1, a: undefined })).toBe('{"b":1}');
  });

  it('when any part differs (schema, subgraph, type, key fields, selection or scope), then the key differs', () => {
    const variants = [
      base,
      { ...base, schema: 'h2' },
      { ...base, subgraph: 'catalog' },
      { ...base, type: 'Product' },
      { ...base, keyFields: { id: 's2' } },
      { ...base, selection: '{ stock { edges { cursor } } }' },
      { ...base, scope: 'role:CLERK:s1' },
    ];
    expect(new Set(variants.map(responseCacheKey)).size).toBe(variants.length);
  });

  it('when a key is built, then it starts with subgraph, type and scope (operators find entries by them)', () => {
    expect(responseCacheKey({ ...base, scope: 'role:CLERK:s1' })).toMatch(/^inventory:Store:role:CLERK:s1:[\w-]{43}$/);
  });
});
