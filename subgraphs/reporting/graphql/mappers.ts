import type { Dashboard, DailyRevenue, ProductFigures, SalesReport, StockAlert, StoreFigures, StoreIndicators } from '../domain/reporting.js';

/** GraphQL types backed by domain objects (read by GraphQL Code Generator). */
export type SalesReportModel = SalesReport;
export type StoreSalesModel = StoreFigures;
export type ProductSalesModel = ProductFigures;
export type DashboardModel = Dashboard;
export type StoreIndicatorsModel = StoreIndicators;
export type DailyRevenueModel = DailyRevenue;
export type StockAlertModel = StockAlert;
/** References to entities other subgraphs own; reporting adds its figures. */
export type StoreModel = { id: string };
export type ProductModel = { id: string };
