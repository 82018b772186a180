/** Plain objects of the reporting read model and its answers (no Prisma types). Money is an exact decimal string. */

/** A sale line (positive) or a returned line (negative) as the read model keeps it. */
export interface SalesFact {
  kind: 'SALE' | 'RETURN';
  saleId: string;
  storeId: string;
  productId: string;
  occurredAt: Date;
  /** Report day (REPORT_TIME_ZONE), YYYY-MM-DD. */
  day: string;
  quantity: number;
  revenue: string;
}

export interface ProductFigures {
  productId: string;
  unitsSold: number;
  revenue: string;
}

/**
 * A report window [from, to) as the read model answers it: the report days
 * [firstDay, endDay) it covers whole come from the daily totals, the facts
 * in [from, fullFrom) and [fullTo, to) from the sales facts. Without a whole
 * day, firstDay and endDay are empty and fullFrom = fullTo = to.
 */
export interface ReportWindow {
  from: Date;
  to: Date;
  firstDay: string;
  endDay: string;
  fullFrom: Date;
  fullTo: Date;
}

/** What a store sold in a window. */
export interface StoreTotals {
  storeId: string;
  revenue: string;
  saleCount: number;
  unitsSold: number;
}

/** A store's row of a report; its best sellers are read when asked for (topProducts). */
export interface StoreFigures extends StoreTotals {
  window: ReportWindow;
}

export interface SalesReport {
  from: Date;
  to: Date;
  generatedAt: Date;
  totalRevenue: string;
  saleCount: number;
  /** Every known store and every store with sales in the window, highest revenue first: bounded by the number of stores. */
  stores: StoreTotals[];
  /** The window the best sellers are read over (SalesReport.topProducts, with its limit). */
  window: ReportWindow;
}

export interface DailyRevenue {
  date: string;
  revenue: string;
}

export interface StoreIndicators {
  storeId: string;
  /** Today in REPORT_TIME_ZONE. */
  today: string;
  revenueToday: string;
  revenueLast7Days: string;
}

export interface Dashboard {
  generatedAt: Date;
  today: string;
  stores: StoreIndicators[];
}

export interface StockAlert {
  id: string;
  storeId: string;
  productId: string;
  quantity: number;
  threshold: number;
  raisedAt: Date;
  resolvedAt: Date | null;
}

/** Last known quantity of a product at a location, from StockChanged. */
export interface StockFact {
  storeId: string;
  productId: string;
  locationKind: 'STORE' | 'WAREHOUSE';
  quantity: number;
  sequence: number;
  updatedAt: Date;
}
