import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  execute,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  validate,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
} from 'graphql';

/**
 * The schema clients see: the composed supergraph's API schema (no federation
 * internals, no @inaccessible), rebuilt from its SDL by this module's graphql
 * (under Vitest federation-internals' graphql is another instance).
 */
export const apiSchema = buildSchema(
  printSchema(Supergraph.build(readFileSync(path.resolve(import.meta.dirname, '../../supergraph/supergraph.graphql'), 'utf8')).apiSchema()),
);

let ids = 0;

/** A made-up value of the type: lists of two, products active, no next page. */
function mockValue(type: GraphQLOutputType, field: string): unknown {
  if (isNonNullType(type)) return mockValue(type.ofType, field);
  if (isListType(type)) return [mockValue(type.ofType, field), mockValue(type.ofType, field)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (!isScalarType(type)) return {};
  const scalars: Record<string, () => unknown> = {
    ID: () => `mock-${++ids}`,
    String: () => field,
    Int: () => 1,
    Float: () => 1.5,
    Boolean: () => field === 'active',
    DateTime: () => new Date(0).toISOString(),
    Decimal: () => '1.00',
  };
  return (scalars[type.name] ?? (() => field))();
}

const mockField: GraphQLFieldResolver<unknown, unknown> = (_source, _args, _context, info) => mockValue(info.returnType, info.fieldName);

/**
 * Executes an operation against the API schema with made-up data of the
 * right types, synchronously; invalid operations and variables fail as a
 * GraphQL server would answer them. `fail` names operations answered with a
 * FORBIDDEN error instead.
 */
export function executeMock(body: { query: string; variables?: Record<string, unknown>; operationName?: string }, fail: string[] = []): ExecutionResult {
  if (body.operationName && fail.includes(body.operationName)) {
    return { data: null, errors: [{ message: `${body.operationName} refused by the mock`, extensions: { code: 'FORBIDDEN' } }] } as unknown as ExecutionResult;
  }
  const document = parse(body.query);
  const errors = validate(apiSchema, document);
  if (errors.length) return { errors };
  return execute({
    schema: apiSchema,
    document,
    variableValues: body.variables,
    operationName: body.operationName,
    fieldResolver: mockField,
    typeResolver: (_value, _context, _info, abstractType) => apiSchema.getPossibleTypes(abstractType)[0]!.name,
  }) as ExecutionResult;
}

export interface MockApi {
  /** GraphQL endpoint (…/graphql). */
  url: string;
  /** Operation names received, in order, with whether a token came along. */
  received: Array<{ operation: string; authorized: boolean }>;
  close(): Promise<void>;
}

/** An HTTP server answering POST /graphql with executeMock. */
export async function startMockApi(options: { fail?: string[] } = {}): Promise<MockApi> {
  const received: MockApi['received'] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as { query: string; variables?: Record<string, unknown>; operationName?: string };
      received.push({ operation: body.operationName ?? '', authorized: Boolean(req.headers.authorization) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(executeMock(body, options.fail)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
