import { scalarResolvers } from '../../platform/graphql/scalars.js';
import { getDailyRevenue, getDashboard } from './domain/get-dashboard.use-case.js';
import { getSalesReport } from './domain/get-sales-report.use-case.js';
import { getProductUnitsSold, getStoreRevenue } from './domain/get-store-revenue.use-case.js';
import { listStockAlerts } from './domain/list-stock-alerts.use-case.js';
import { topOf } from './domain/report-rules.js';
import type { Resolvers } from './generated/resolvers-types.js';

export const resolvers: Resolvers = {
  DateTime: scalarResolvers.DateTime,
  Decimal: scalarResolvers.Decimal,
  Query: {
    salesReport: (_, args, ctx) => getSalesReport(ctx, args),
    dashboard: (_, __, ctx) => getDashboard(ctx),
    stockAlerts: (_, args, ctx) => listStockAlerts(ctx, args),
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
    topProducts: (report, { limit }) => topOf(report.products, limit, 10),
  },
  StoreSales: {
    store: (entry) => ({ id: entry.storeId }),
    topProducts: (entry, { limit }) => topOf(entry.products, limit, 3),
  },
  ProductSales: {
    product: (entry) => ({ id: entry.productId }),
  },
  StoreIndicators: {
    store: (entry) => ({ id: entry.storeId }),
    dailyRevenue: (entry, { days }, ctx) => getDailyRevenue(ctx, entry.storeId, entry.today, days),
  },
  StockAlert: {
    store: (alert) => ({ id: alert.storeId }),
    product: (alert) => ({ id: alert.productId }),
  },
};
