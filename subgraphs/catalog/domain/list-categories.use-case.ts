import { listCategories as listCategoryRows } from '../data-access/product.repository.js';

export function listCategories(): Promise<string[]> {
  return listCategoryRows();
}
