import type { LineRequest } from '../domain/sale.js';
import { callSubgraph } from './subgraph-client.js';

export type ReservationStatus = 'HELD' | 'COMMITTED' | 'RELEASED';

export interface Reservation {
  id: string;
  status: ReservationStatus;
}

const RESERVE = `mutation SalesReserveStock($i: ReserveStockInput!) { reserveStock(input: $i) { id status } }`;
const COMMIT = `mutation SalesCommitReservation($id: ID!) { commitReservation(id: $id) { id status } }`;
const RELEASE = `mutation SalesReleaseReservation($id: ID!) { releaseReservation(id: $id) { id status } }`;
const RESTOCK = `mutation SalesRestockReturn($i: RestockReturnInput!) { restockReturn(input: $i) }`;

const stockLines = (lines: readonly LineRequest[]) => lines.map(({ productId, quantity }) => ({ productId, quantity }));

/** Holds every line or none (INSUFFICIENT_STOCK, NOT_FOUND); idempotent by id (the saga id). */
export async function reserveStock(id: string, storeId: string, lines: readonly LineRequest[]): Promise<Reservation> {
  return (await callSubgraph<{ reserveStock: Reservation }>('inventory', RESERVE, { i: { id, storeId, lines: stockLines(lines) } })).reserveStock;
}

/** Makes a held reservation final; idempotent. */
export async function commitReservation(id: string): Promise<Reservation> {
  return (await callSubgraph<{ commitReservation: Reservation }>('inventory', COMMIT, { id })).commitReservation;
}

/** Gives held stock back; idempotent, and an unknown id is tombstoned so a late reserve with it does nothing. */
export async function releaseReservation(id: string): Promise<Reservation | null> {
  return (await callSubgraph<{ releaseReservation: Reservation | null }>('inventory', RELEASE, { id })).releaseReservation;
}

/** Puts returned goods back on the store's shelf; applied once per returnId. */
export async function restockReturn(returnId: string, storeId: string, lines: readonly LineRequest[]): Promise<boolean> {
  return (await callSubgraph<{ restockReturn: boolean }>('inventory', RESTOCK, { i: { returnId, storeId, lines: stockLines(lines) } })).restockReturn;
}
