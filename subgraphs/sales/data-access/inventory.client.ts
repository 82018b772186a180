import type { LineRequest } from '../domain/sale.js';
import { coalesceCalls, type Settled } from './call-coalescer.js';
import { callSubgraph, SubgraphUnavailableError } from './subgraph-client.js';

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

async function commitOne(id: string): Promise<Reservation> {
  return (await callSubgraph<{ commitReservation: Reservation }>('inventory', COMMIT, { id })).commitReservation;
}

const settle = <V>(work: () => Promise<V>): Promise<Settled<V>> => work().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** The commits of every saga finishing at the same time, as one operation with one field per reservation. */
const commitMany = coalesceCalls<string, Reservation>(async (ids) => {
  if (ids.length === 1) return [await settle(() => commitOne(ids[0]!))];
  const query = `mutation SalesCommitReservations(${ids.map((_, i) => `$id${i}: ID!`).join(', ')}) { ${ids.map((_, i) => `c${i}: commitReservation(id: $id${i}) { id status }`).join(' ')} }`;
  try {
    const data = await callSubgraph<Record<string, Reservation>>('inventory', query, Object.fromEntries(ids.map((id, i) => [`id${i}`, id])));
    return ids.map((_, i) => ({ ok: true as const, value: data[`c${i}`]! }));
  } catch (error) {
    // Inventory unreachable: every outcome is unknown alike (recovery commits later).
    if (error instanceof SubgraphUnavailableError) return ids.map(() => ({ ok: false as const, error }));
    // One commit was refused, which stops the fields after it: each is sent again alone (commits are idempotent) for its own answer.
    return Promise.all(ids.map((id) => settle(() => commitOne(id))));
  }
});

/** Makes a held reservation final; idempotent. Concurrent commits share one call. */
export async function commitReservation(id: string): Promise<Reservation> {
  return commitMany(id);
}

/** Gives held stock back; idempotent, and an unknown id is tombstoned so a late reserve with it does nothing. */
export async function releaseReservation(id: string): Promise<Reservation | null> {
  return (await callSubgraph<{ releaseReservation: Reservation | null }>('inventory', RELEASE, { id })).releaseReservation;
}

/** Puts returned goods back on the store's shelf; applied once per returnId. */
export async function restockReturn(returnId: string, storeId: string, lines: readonly LineRequest[]): Promise<boolean> {
  return (await callSubgraph<{ restockReturn: boolean }>('inventory', RESTOCK, { i: { returnId, storeId, lines: stockLines(lines) } })).restockReturn;
}
