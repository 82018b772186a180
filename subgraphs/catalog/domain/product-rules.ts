import { badUserInput } from '../../../platform/errors/domain-error.js';
import type { NewProduct, ProductChanges } from './product.js';

const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

function requiredText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (trimmed.length > max) throw badUserInput(`${field} must be at most ${max} characters`, { field });
  return trimmed;
}

function positivePrice(price: string): string {
  if (Number(price) <= 0) throw badUserInput('price must be greater than zero', { field: 'price' });
  return price;
}

/** Validates and normalises a product to create; throws BAD_USER_INPUT. */
export function validateNewProduct(input: NewProduct): NewProduct {
  const sku = input.sku.trim().toUpperCase();
  if (!SKU_PATTERN.test(sku)) throw badUserInput('sku must be 2-32 letters, digits or dashes', { field: 'sku' });
  return {
    sku,
    name: requiredText(input.name, 'name', 200),
    category: requiredText(input.category, 'category', 100),
    price: positivePrice(input.price),
    description: input.description == null ? null : input.description.trim().slice(0, 2000) || null,
  };
}

/** Validates a partial update; absent or null fields stay unchanged (except description). */
export function validateProductChanges(input: {
  name?: string | null;
  category?: string | null;
  price?: string | null;
  description?: string | null;
  active?: boolean | null;
}): ProductChanges {
  const changes: ProductChanges = {};
  if (input.name != null) changes.name = requiredText(input.name, 'name', 200);
  if (input.category != null) changes.category = requiredText(input.category, 'category', 100);
  if (input.price != null) changes.price = positivePrice(input.price);
  if (input.description !== undefined) changes.description = input.description?.trim().slice(0, 2000) || null;
  if (input.active != null) changes.active = input.active;
  if (Object.keys(changes).length === 0) throw badUserInput('Nothing to update');
  return changes;
}
