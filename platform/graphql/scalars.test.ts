import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar, DecimalScalar } from './scalars.js';

describe('Decimal scalar', () => {
  it.each(['12.50', '0.99', '100', '-3.5'])('when %s is given, then it is accepted as the same string', (value) => {
    expect(DecimalScalar.parseValue(value)).toBe(value);
  });

  it.each(['abc', '1.234', '1e3', '', ' ', 12.5, null])('when %j is given, then it is BAD_USER_INPUT', (value) => {
    try {
      DecimalScalar.parseValue(value);
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('when a number literal is used, then it is refused (money is written as a string)', () => {
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).toThrow(/string/);
  });

  it('when decimals are serialized, then they have exactly two places and no float rounding', () => {
    expect(DecimalScalar.serialize('3')).toBe('3.00');
    expect(DecimalScalar.serialize('0.1')).toBe('0.10');
    expect(DecimalScalar.serialize({ toFixed: (d: number) => (0.3).toFixed(d) })).toBe('0.30');
    expect(DecimalScalar.serialize('123456789012.35')).toBe('123456789012.35');
  });
});

describe('DateTime scalar', () => {
  it('when an ISO string is given, then a Date comes out and serializes back', () => {
    const date = DateTimeScalar.parseValue('2026-01-02T03:04:05.000Z') as Date;
    expect(DateTimeScalar.serialize(date)).toBe('2026-01-02T03:04:05.000Z');
  });

  it('when a non-date string is given, then it is BAD_USER_INPUT', () => {
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow(/Invalid DateTime/);
  });
});
