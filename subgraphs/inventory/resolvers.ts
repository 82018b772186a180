import { scalarResolvers } from '../../platform/graphql/scalars.js';
import { adjustStock } from './domain/adjust-stock.use-case.js';
import { approveReplenishment } from './domain/approve-replenishment.use-case.js';
import { commitReservation } from './domain/commit-reservation.use-case.js';
import { getProductStock } from './domain/get-product-stock.use-case.js';
import { getOverstock, getOverstockCount, getRemainingStock, getStockOutCount, getStockOuts } from './domain/get-store-stock-facts.use-case.js';
import { getLocationOf, getStore, getWarehouse, listStores } from './domain/get-store.use-case.js';
import { listReplenishmentRequestPage, listReplenishmentRequests } from './domain/list-replenishment-requests.use-case.js';
import { listStoreStock } from './domain/list-store-stock.use-case.js';
import { rejectReplenishment } from './domain/reject-replenishment.use-case.js';
import { releaseReservation } from './domain/release-reservation.use-case.js';
import { requestReplenishment } from './domain/request-replenishment.use-case.js';
import { reserveStock } from './domain/reserve-stock.use-case.js';
import { restockReturn } from './domain/restock-return.use-case.js';
import type { Resolvers } from './generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Query: {
    stores: (_, __, ctx) => listStores(ctx),
    store: (_, { id }, ctx) => getStore(ctx, id),
    warehouse: (_, __, ctx) => getWarehouse(ctx),
    replenishmentRequests: (_, args, ctx) => listReplenishmentRequests(ctx, args),
    replenishmentRequestConnection: (_, args, ctx) => listReplenishmentRequestPage(ctx, args),
  },
  Mutation: {
    requestReplenishment: (_, args, ctx) => requestReplenishment(ctx, args),
    approveReplenishment: (_, { id }, ctx) => approveReplenishment(ctx, id),
    rejectReplenishment: (_, { id, reason }, ctx) => rejectReplenishment(ctx, id, reason),
    adjustStock: (_, args, ctx) => adjustStock(ctx, args),
    reserveStock: (_, { input }, ctx) => reserveStock(ctx, input),
    commitReservation: (_, { id }, ctx) => commitReservation(ctx, id),
    releaseReservation: (_, { id }, ctx) => releaseReservation(ctx, id),
    restockReturn: (_, { input }, ctx) => restockReturn(ctx, input),
  },
  Store: {
    __resolveReference: (ref, ctx) => getStore(ctx, ref.id),
    stock: (store, args, ctx) => listStoreStock(store.id, args, ctx.settings.thresholds),
  },
  Product: {
    __resolveReference: (ref) => ({ id: ref.id }),
    stock: (product, { storeId }, ctx) => getProductStock(ctx, product.id, storeId),
  },
  StoreSales: {
    __resolveReference: (ref) => ({ storeId: ref.store.id, store: { id: ref.store.id } }),
    store: (entry, _, ctx) => getLocationOf(ctx, entry.storeId),
    remainingStock: (entry, _, ctx) => getRemainingStock(ctx, entry.storeId),
  },
  StoreIndicators: {
    __resolveReference: (ref) => ({ storeId: ref.store.id, store: { id: ref.store.id } }),
    store: (entry, _, ctx) => getLocationOf(ctx, entry.storeId),
    stockOuts: (entry, { first }, ctx) => getStockOuts(ctx, entry.storeId, first),
    overstock: (entry, { first }, ctx) => getOverstock(ctx, entry.storeId, first),
    stockOutCount: (entry, _, ctx) => getStockOutCount(ctx, entry.storeId),
    overstockCount: (entry, _, ctx) => getOverstockCount(ctx, entry.storeId),
  },
  StockLevel: {
    store: (level, _, ctx) => getLocationOf(ctx, level.locationId),
    product: (level) => ({ id: level.productId }),
  },
  ReplenishmentRequest: {
    store: (request, _, ctx) => getLocationOf(ctx, request.storeId),
    product: (request) => ({ id: request.productId }),
  },
};
