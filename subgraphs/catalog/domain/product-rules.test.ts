import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { validateNewProduct, validateProductChanges } from './product-rules.js';

const valid = { sku: ' bev-1 ', name: ' Tea ', category: 'Beverages', price: '2.50', description: null };

describe('product rules', () => {
  it('when a new product is valid, then its SKU is upper-cased and text trimmed', () => {
    expect(validateNewProduct(valid)).toEqual({ sku: 'BEV-1', name: 'Tea', category: 'Beverages', price: '2.50', description: null });
  });

  it.each([
    ['an empty name', { ...valid, name: '  ' }],
    ['a zero price', { ...valid, price: '0.00' }],
    ['a SKU with spaces', { ...valid, sku: 'A B' }],
  ])('when a new product has %s, then it is BAD_USER_INPUT', (_, input) => {
    expect(() => validateNewProduct(input)).toThrow(DomainError);
    try {
      validateNewProduct(input);
    } catch (error) {
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    }
  });

  it('when an update changes nothing, then it is BAD_USER_INPUT', () => {
    expect(() => validateProductChanges({})).toThrow(/Nothing to update/);
  });

  it('when an update clears the description, then description becomes null', () => {
    expect(validateProductChanges({ description: '' })).toEqual({ description: null });
  });
});
