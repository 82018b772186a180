import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** Shapes as Prisma 7 with @prisma/adapter-pg and node-postgres throw them (taken from a PostgreSQL restart under load). */
const prismaError = (code: string, driverAdapterCause?: Record<string, unknown>) =>
  Object.assign(new Error(`Invalid \`db.product.findMany()\` invocation`), { name: 'PrismaClientKnownRequestError', code, meta: driverAdapterCause ? { driverAdapterError: { name: 'DriverAdapterError', cause: driverAdapterCause } } : {} });

describe('database unavailable errors', () => {
  it('when PostgreSQL is down, restarting or cut the connection, then the error (also wrapped by GraphQL) says unavailable', () => {
    const cases = [
      prismaError('P1001'), // Can't reach database server
      prismaError('P1017'), // Server has closed the connection
      prismaError('P2024'), // Timed out fetching a connection from the pool
      prismaError('P2039', { kind: 'postgres', code: '57P03', originalCode: '57P03', message: 'the database system is starting up' }),
      prismaError('P2039', { kind: 'postgres', code: '57P01', originalCode: '57P01', message: 'terminating connection due to administrator command' }),
      prismaError('P2010', { kind: 'ConnectionClosed' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' }),
      new Error('Connection terminated unexpectedly'),
    ];
    for (const error of cases) {
      expect({ error: error.message, unavailable: isDatabaseUnavailable(error) }).toEqual({ error: error.message, unavailable: true });
      expect(isDatabaseUnavailable(new GraphQLError('wrapped', { originalError: error }))).toBe(true);
    }
  });

  it('when the error is about the operation (constraint, bad value, missing row) or about another peer, then it does not', () => {
    const cases = [
      prismaError('P2002'), // unique constraint
      prismaError('P2025'), // record not found
      prismaError('P2039', { kind: 'postgres', code: '23514', originalCode: '23514', message: 'new row violates check constraint' }),
      prismaError('P2039', { kind: 'UniqueConstraintViolation' }),
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
      new Error('Cannot return null for non-nullable field'),
      null,
      'a string',
    ];
    for (const error of cases) expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
