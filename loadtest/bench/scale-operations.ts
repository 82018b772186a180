import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { encodeCursor } from '../../platform/graphql/pagination.js';

/** What the operations of the scale bench need to know about the system they run against. */
export interface ScaleSetting {
  adminToken: string;
  /** A clerk of `storeId`. */
  clerkToken: string;
  storeId: string;
  /** Well-stocked products of `storeId` (recordSale). */
  saleProductIds: string[];
  /** A stock level about three quarters down the store's list by name: the keyset position of a deep page. */
  deepLevel: { quantity: number; productName: string; productId: string };
  /** Reports end here (fixed for the run, so a report asked again is the same report). */
  now: Date;
}

export interface ScaleRequest {
  query: string;
  variables: Record<string, unknown>;
  token: string;
}

/** The targets: cold and warm ceilings, or warm at most this many times the demo's warm of the same run. */
export interface ScaleTarget {
  coldMs?: number;
  warmMs?: number;
  warmVsDemo?: number;
}

export interface ScaleOperation {
  name: string;
  target: ScaleTarget;
  /** A fresh request each time (recordSale takes a new idempotency key). */
  request(setting: ScaleSetting): ScaleRequest;
}

const operationsDir = path.resolve(import.meta.dirname, '../operations');
const shipped = (name: string) => readFileSync(path.join(operationsDir, `${name}.graphql`), 'utf8');

const DEEP_STOCK_PAGE = `query DeepStockPage($storeId: ID!, $after: String!) {
  store(id: $storeId) { id code stock(first: 20, orderBy: PRODUCT_NAME, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { quantity updatedAt product { id sku name category price active } } } } }
}`;

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** The head office's reads and a till's sale, as the issue's table lists them (the load scenarios' own documents where there is one). */
export const scaleOperations: ScaleOperation[] = [
  { name: 'dashboard', target: { coldMs: 500, warmMs: 50 }, request: (s) => ({ query: shipped('Dashboard'), variables: { days: 7 }, token: s.adminToken }) },
  {
    name: 'salesReport, 14 days',
    target: { coldMs: 500, warmMs: 50 },
    request: (s) => ({ query: shipped('SalesReport'), variables: { from: daysBefore(s.now, 14), to: s.now.toISOString() }, token: s.adminToken }),
  },
  {
    name: 'salesReport, 90 days',
    target: { coldMs: 1000, warmMs: 50 },
    request: (s) => ({ query: shipped('SalesReport'), variables: { from: daysBefore(s.now, 90), to: s.now.toISOString() }, token: s.adminToken }),
  },
  { name: 'stockAlerts, first page', target: { coldMs: 100, warmMs: 30 }, request: (s) => ({ query: shipped('StockAlerts'), variables: {}, token: s.adminToken }) },
  {
    name: 'stock page, first',
    target: { warmVsDemo: 1.5 },
    request: (s) => ({ query: shipped('StoreStockPage'), variables: { storeId: s.storeId, first: 20, orderBy: 'PRODUCT_NAME', lowStockOnly: false }, token: s.adminToken }),
  },
  {
    name: 'stock page, deep cursor',
    target: { warmVsDemo: 1.5 },
    request: (s) => ({
      query: DEEP_STOCK_PAGE,
      variables: { storeId: s.storeId, after: encodeCursor({ o: 'PRODUCT_NAME', q: s.deepLevel.quantity, n: s.deepLevel.productName, p: s.deepLevel.productId }) },
      token: s.adminToken,
    }),
  },
  { name: 'product search', target: { warmVsDemo: 1.5 }, request: (s) => ({ query: shipped('ProductSearch'), variables: { search: 'juice', first: 20 }, token: s.adminToken }) },
  { name: 'stores', target: { warmVsDemo: 1.5 }, request: (s) => ({ query: shipped('SetupLocations'), variables: {}, token: s.adminToken }) },
  {
    name: 'recordSale',
    target: { warmVsDemo: 1.5 },
    request: (s) => ({
      query: shipped('RecordSale'),
      variables: { input: { storeId: s.storeId, idempotencyKey: `scale-bench-${randomUUID()}`, lines: s.saleProductIds.map((productId) => ({ productId, quantity: 1 })) } },
      token: s.clerkToken,
    }),
  },
];
