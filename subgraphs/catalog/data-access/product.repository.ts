import type { NewProduct, Product, ProductChanges } from '../domain/product.js';
import { catalogDb, catalogSql } from './catalog-database.js';
import { Prisma } from './prisma-client/client.js';

type ProductRow = Prisma.ProductGetPayload<object>;

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    category: row.category,
    price: row.price.toFixed(2),
    description: row.description,
    active: row.active,
    updatedAt: row.updatedAt,
  };
}

/**
 * Products by id, in one plain statement: the router asks for up to 500 at a
 * time, and Prisma compiled a new query for every length of the id list
 * (a cold dashboard's three batches spent most of their time there).
 */
export async function findProductsByIds(ids: readonly string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await catalogSql().query<Omit<Product, 'price'> & { price: string }>(
    `SELECT id::text AS id, sku, name, category, price::text AS price, description, active, "updatedAt" FROM "Product" WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((row) => ({ id: row.id, sku: row.sku, name: row.name, category: row.category, price: row.price, description: row.description, active: row.active, updatedAt: row.updatedAt }));
}

export interface ProductSearch {
  search?: string;
  category?: string;
  /** Keyset position: products sort by name, then id. */
  after?: { name: string; id: string };
  limit: number;
}

function searchFilter({ search, category }: ProductSearch): Prisma.ProductWhereInput {
  const where: Prisma.ProductWhereInput = {};
  if (category) where.category = { equals: category, mode: 'insensitive' };
  if (search) {
    where.OR = [
      { name: { contains: search, mode: 'insensitive' } },
      { sku: { contains: search, mode: 'insensitive' } },
      { description: { contains: search, mode: 'insensitive' } },
    ];
  }
  return where;
}

/** One page (limit + 1 rows tell whether there is a next page) and the total. */
export async function searchProducts(query: ProductSearch): Promise<{ items: Product[]; hasNextPage: boolean; totalCount: number }> {
  const where = searchFilter(query);
  const pageWhere: Prisma.ProductWhereInput = query.after
    ? { AND: [where, { OR: [{ name: { gt: query.after.name } }, { name: query.after.name, id: { gt: query.after.id } }] }] }
    : where;
  const [rows, totalCount] = await Promise.all([
    catalogDb().product.findMany({ where: pageWhere, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: query.limit + 1 }),
    catalogDb().product.count({ where }),
  ]);
  return { items: rows.slice(0, query.limit).map(toProduct), hasNextPage: rows.length > query.limit, totalCount };
}

export async function listCategories(): Promise<string[]> {
  const rows = await catalogDb().product.findMany({ distinct: ['category'], select: { category: true }, orderBy: { category: 'asc' } });
  return rows.map((r) => r.category);
}

/** Inserts a product; null when the SKU is taken. */
export async function insertProduct(product: NewProduct & { id?: string }): Promise<Product | null> {
  try {
    return toProduct(await catalogDb().product.create({ data: product }));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
    throw error;
  }
}

/** Updates a product; null when it does not exist. */
export async function updateProductRow(id: string, changes: ProductChanges): Promise<Product | null> {
  try {
    return toProduct(await catalogDb().product.update({ where: { id }, data: changes }));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return null;
    throw error;
  }
}

export async function countProducts(): Promise<number> {
  return catalogDb().product.count();
}

export async function insertProducts(products: Array<NewProduct & { id: string }>): Promise<void> {
  await catalogDb().product.createMany({ data: products, skipDuplicates: true });
}
