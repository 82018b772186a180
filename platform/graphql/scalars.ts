import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badUserInput } from '../errors/domain-error.js';

const DECIMAL_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

interface DecimalLike {
  toFixed(digits: number): string;
}

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value.trim())) {
    throw badUserInput(`Decimal must be a string such as "12.50" (at most 2 decimal places), got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

/**
 * Money as an exact decimal string. Input is validated here so a malformed
 * amount is BAD_USER_INPUT before any resolver runs; resolvers get a string.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'Exact decimal serialized as a string, e.g. "12.50"',
  serialize(value) {
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return formatDecimalString(value);
    if (value && typeof (value as DecimalLike).toFixed === 'function') return (value as DecimalLike).toFixed(2);
    throw new TypeError(`Decimal cannot serialize ${String(value)}`);
  },
  parseValue: parseDecimal,
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw badUserInput('Decimal must be given as a string, e.g. "12.50"');
    return parseDecimal(ast.value);
  },
});

/** Pads or keeps a decimal string to 2 places without going through a float. */
function formatDecimalString(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw badUserInput('DateTime must be an ISO-8601 string');
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw badUserInput(`Invalid DateTime ${JSON.stringify(value)}`);
  return date;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date-time string',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new TypeError(`DateTime cannot serialize ${String(value)}`);
  },
  parseValue: parseDateTime,
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be an ISO-8601 string');
    return parseDateTime(ast.value);
  },
});

export const scalarResolvers = { Decimal: DecimalScalar, DateTime: DateTimeScalar };
