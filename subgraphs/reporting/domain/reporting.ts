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

export interface StoreFigures {
  storeId: string;
  revenue: string;
  saleCount: number;
  unitsSold: number;
  /** Every product sold at the store in the window, best first. */
  products: ProductFigures[];
}

export interface SalesReport {
  from: Date;
  to: Date;
  generatedAt: Date;
  totalRevenue: string;
  saleCount: number;
  stores: StoreFigures[];
  /** Every product sold in the window, best first. */
  products: ProductFigures[];
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
