import { decodeCursor, encodeCursor, pageSize, toConnection, type Page } from '../../../platform/graphql/pagination.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { findReplenishmentRequestPage } from '../data-access/replenishment.repository.js';
import type { ReplenishmentRequest, ReplenishmentStatus } from './inventory.js';
import { replenishmentReadScope } from './replenishment-rules.js';

export interface RequestListArgs {
  status?: ReplenishmentStatus | null;
  storeId?: string | null;
  first?: number | null;
  after?: string | null;
}

interface RequestCursor {
  t: string;
  id: string;
}

const isRequestCursor = (v: unknown): v is RequestCursor =>
  typeof v === 'object' && v !== null && typeof (v as RequestCursor).t === 'string' && !Number.isNaN(Date.parse((v as RequestCursor).t)) && isUuid((v as RequestCursor).id);

const cursorOf = (request: ReplenishmentRequest) => encodeCursor({ t: request.requestedAt.toISOString(), id: request.id } satisfies RequestCursor);

/** Staff only; store-bound staff see their own store's requests. Newest first, `first` (1…100) of them after the cursor. */
async function pageOfRequests(ctx: Context, args: RequestListArgs, fallbackSize: number): Promise<Page<ReplenishmentRequest>> {
  const scope = replenishmentReadScope(ctx.viewer, args.storeId);
  const limit = pageSize(args.first, fallbackSize);
  const position = decodeCursor(args.after, isRequestCursor);
  if (scope.storeId !== undefined && !isUuid(scope.storeId)) return { items: [], hasNextPage: false, totalCount: 0 };
  return findReplenishmentRequestPage({
    status: args.status ?? undefined,
    storeId: scope.storeId,
    after: position && { requestedAt: new Date(position.t), id: position.id },
    limit,
  });
}

/** replenishmentRequests: a bounded list (default the newest 100). */
export async function listReplenishmentRequests(ctx: Context, args: RequestListArgs): Promise<ReplenishmentRequest[]> {
  return (await pageOfRequests(ctx, args, 100)).items;
}

/** replenishmentRequestConnection: the same requests page by page (default 20), with the total. */
export async function listReplenishmentRequestPage(ctx: Context, args: RequestListArgs) {
  return toConnection(await pageOfRequests(ctx, args, 20), cursorOf);
}
