import { scalarResolvers } from '../../platform/graphql/scalars.js';
import { getDailyRevenue, getDashboard, getRevenueByDay, getRevenueDays } from './domain/get-dashboard.use-case.js';
import { getSalesReport, getStoreTopProducts, getTopProducts, storesOf } from './domain/get-sales-report.use-case.js';
import { getProductUnitsSold, getStoreRevenue } from './domain/get-store-revenue.use-case.js';
import { listStockAlertPage, listStockAlerts } from './domain/list-stock-alerts.use-case.js';
import type { Resolvers } from './generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  Query: {
    salesReport: (_, args, ctx) => getSalesReport(ctx, args),
    dashboard: (_, __, ctx) => getDashboard(ctx),
    stockAlerts: (_, args, ctx) => listStockAlerts(ctx, args),
    stockAlertConnection: (_, args, ctx) => listStockAlertPage(ctx, args),
  },
  Store: {
    __resolveReference: (ref) => ({ id: ref.id }),
    revenue: (store, args, ctx) => getStoreRevenue(ctx, store.id, args),
  },
  Product: {
    __resolveReference: (ref) => ({ id: ref.id }),
    unitsSold: (product, args, ctx) => getProductUnitsSold(ctx, product.id, args),
  },
  SalesReport: {
    stores: (report) => storesOf(report),
    topProducts: (report, { limit }) => getTopProducts(report.window, limit),
  },
  StoreSales: {
    store: (entry) => ({ id: entry.storeId }),
    topProducts: (entry, { limit }, ctx) => getStoreTopProducts(ctx, entry, limit),
  },
  ProductSales: {
    product: (entry) => ({ id: entry.productId }),
  },
  Dashboard: {
    revenueDays: (dashboard, { days }, ctx) => getRevenueDays(ctx, dashboard.today, days),
  },
  StoreIndicators: {
    store: (entry) => ({ id: entry.storeId }),
    dailyRevenue: (entry, { days }, ctx) => getDailyRevenue(ctx, entry.storeId, entry.today, days),
    revenueByDay: (entry, { days }, ctx) => getRevenueByDay(ctx, entry.storeId, entry.today, days),
  },
  StockAlert: {
    store: (alert) => ({ id: alert.storeId }),
    product: (alert) => ({ id: alert.productId }),
  },
};
