import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../../platform/graphql/pagination.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { findStoreSales } from '../data-access/sale.repository.js';
import type { Sale } from './sale.js';
import { requireStoreStaff } from './sales-access.js';

interface SaleCursor {
  createdAt: string;
  id: string;
}

const isSaleCursor = (v: unknown): v is SaleCursor =>
  typeof v === 'object' &&
  v !== null &&
  isUuid((v as SaleCursor).id) &&
  typeof (v as SaleCursor).createdAt === 'string' &&
  !Number.isNaN(Date.parse((v as SaleCursor).createdAt));

const asDate = (value: Date | string | null | undefined) => (value == null ? undefined : new Date(value));

/** `Store.sales`: staff of that store or HQ_ADMIN; newest first, cursor-paginated, optionally within [from, to). */
export async function listStoreSales(
  ctx: Context,
  storeId: string,
  args: { from?: Date | string | null; to?: Date | string | null; first?: number | null; after?: string | null },
) {
  requireStoreStaff(ctx.viewer, storeId);
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, isSaleCursor);
  if (!isUuid(storeId)) return toConnection<Sale>({ items: [], hasNextPage: false, totalCount: 0 }, (s) => s.id);
  const page = await findStoreSales({
    storeId: storeId.toLowerCase(),
    from: asDate(args.from),
    to: asDate(args.to),
    after: after && { createdAt: new Date(after.createdAt), id: after.id },
    limit,
  });
  for (const sale of page.items) ctx.loaders.sale.prime(sale.id, sale);
  return toConnection<Sale>(page, (s) => encodeCursor({ createdAt: s.createdAt.toISOString(), id: s.id }));
}
