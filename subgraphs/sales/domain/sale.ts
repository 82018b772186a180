/** Sales as the sales use cases see them; money stays an exact decimal string ("12.50"). */

export type SaleStatus = 'COMPLETED' | 'PARTIALLY_RETURNED' | 'RETURNED';
export type CartStatus = 'OPEN' | 'CHECKED_OUT';

export interface Sale {
  id: string;
  storeId: string;
  customerId: string | null;
  total: string;
  refundedTotal: string;
  status: SaleStatus;
  createdAt: Date;
}

/** A line of a sale, or the returned part of one (a return line shows the returned quantity). */
export interface SaleLine {
  productId: string;
  quantity: number;
  returnedQuantity: number;
  unitPrice: string;
  lineTotal: string;
}

export interface SaleReturn {
  id: string;
  saleId: string;
  refund: string;
  reason: string | null;
  stockRestored: boolean;
  createdAt: Date;
}

export interface CartItem {
  productId: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

export interface Cart {
  id: string;
  storeId: string;
  ownerId: string;
  status: CartStatus;
  saleId: string | null;
  items: CartItem[];
  total: string;
}

/** A requested line: one product and how many (after validation: positive, merged per product). */
export interface LineRequest {
  productId: string;
  quantity: number;
}

/** A line priced from catalog at sale time. */
export interface PricedLine extends LineRequest {
  unitPrice: string;
}
