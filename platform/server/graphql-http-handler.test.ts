import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan } from './graphql-http-handler.js';

describe('JSON nesting of a request body', () => {
  it('when arrays and objects nest exactly to the limit, then the body passes; one level more is refused', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[[1]]}]}', 4)).toBe(true);
  });

  it('when brackets and escaped quotes are inside strings, then they do not count', () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ query: '{ a { b { c { d } } } }', s: '[[[["\\"[[[' }), 1)).toBe(false);
  });

  it('when a megabyte of brackets arrives, then it is refused without recursion', () => {
    expect(jsonNestsDeeperThan('['.repeat(1024 * 1024), 64)).toBe(true);
  });
});
