import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { knownOperationTypesRule } from './known-operation-types.rule.js';

const schema = buildSchema('type Query { a: Int } type Mutation { b: Int }');

describe('operation types the schema has', () => {
  it('when a subscription is sent to a schema without Subscription, then validation refuses it; queries and mutations pass', () => {
    expect(validate(schema, parse('subscription { a }'), [knownOperationTypesRule]).map((e) => e.message)).toEqual(['The subscription operation is not supported by the schema.']);
    expect(validate(schema, parse('query { a } mutation M { b }'), [knownOperationTypesRule])).toEqual([]);
  });
});
