import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { normalizeEmail, passwordTooLong, validateNewCustomer } from './account-rules.js';

const valid = { email: '  Ada.Lovelace@Example.COM ', name: '  Ada Lovelace ', password: 'analytical' };

function rejection(input: typeof valid): { code: string; field: unknown } {
  try {
    validateNewCustomer(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, field: (error as DomainError).extensions.field };
  }
  throw new Error('expected the input to be rejected');
}

describe('account rules', () => {
  it('when an email has spaces and capitals, then it is normalised to trimmed lower case', () => {
    expect(normalizeEmail('  Clerk1@RETAIL.test\t')).toBe('clerk1@retail.test');
  });

  it('when a registration is valid, then email and name are normalised and the password kept as typed', () => {
    expect(validateNewCustomer(valid)).toEqual({ email: 'ada.lovelace@example.com', name: 'Ada Lovelace', password: 'analytical' });
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['two @', 'ada@@example.com'],
    ['no domain dot', 'ada@example'],
    ['a space inside', 'ada lovelace@example.com'],
    ['nothing before @', '@example.com'],
    ['an empty string', '   '],
    ['more than 254 characters', `${'a'.repeat(250)}@example.com`],
  ])('when the email has %s, then it is BAD_USER_INPUT on field email', (_, email) => {
    expect(rejection({ ...valid, email })).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it.each([
    ['only spaces', '   '],
    ['201 characters', 'n'.repeat(201)],
  ])('when the name is %s, then it is BAD_USER_INPUT on field name', (_, name) => {
    expect(rejection({ ...valid, name })).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('when the name is 1 or 200 characters after trimming, then it is accepted', () => {
    expect(validateNewCustomer({ ...valid, name: ' X ' }).name).toBe('X');
    expect(validateNewCustomer({ ...valid, name: 'n'.repeat(200) }).name).toHaveLength(200);
  });

  it.each([
    ['7 characters', 'seven77'],
    ['empty', ''],
    ['4 emoji (8 UTF-16 units)', '🔑🔑🔑🔑'],
    ['1025 characters', 'p'.repeat(1025)],
  ])('when the password is %s, then it is BAD_USER_INPUT on field password', (_, password) => {
    expect(rejection({ ...valid, password })).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
  });

  it('when the password is exactly 8 characters, then it is accepted', () => {
    expect(validateNewCustomer({ ...valid, password: '12345678' }).password).toBe('12345678');
  });

  it('when several fields are wrong, then the email is reported first', () => {
    expect(rejection({ email: 'x', name: '', password: '' }).field).toBe('email');
  });

  it('when a password is longer than any registration allows, then login treats it as too long', () => {
    expect(passwordTooLong('p'.repeat(1024))).toBe(false);
    expect(passwordTooLong('p'.repeat(1025))).toBe(true);
    expect(passwordTooLong('🔑'.repeat(1024))).toBe(false);
  });
});
