import type { LineRequest } from '../domain/sale.js';
import { coalesceCalls, type Settled } from './call-coalescer.js';
import { callSubgraph, callSubgraphFields } from './subgraph-client.js';

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

interface ReserveInput {
  id: string;
  storeId: string;
  lines: Array<{ productId: string; quantity: number }>;
}

async function reserveOne(input: ReserveInput): Promise<Reservation> {
  return (await callSubgraph<{ reserveStock: Reservation }>('inventory', RESERVE, { i: input })).reserveStock;
}

/** A saga step sent to inventory together with other sagas' steps. */
type Step = { reserve: ReserveInput } | { commit: string };

const stepVariable = (step: Step) => (`reserve` in step ? 'ReserveStockInput!' : 'ID!');
const stepField = (step: Step, alias: string) => (`reserve` in step ? `${alias}: reserveStock(input: $${alias}) { id status }` : `${alias}: commitReservation(id: $${alias}) { id status }`);
const sendStep = (step: Step) => (`reserve` in step ? reserveOne(step.reserve) : commitOne(step.commit));

/**
 * The steps of every saga calling inventory at the same time, as one
 * operation with one root field per step (aliases), commits first (they are
 * hardly ever refused). A refused field answers its saga and stops the
 * fields after it: those are sent again together (reserving and committing
 * are idempotent by id). The fields before it ran without an error, but the
 * mutation's data is null: a commit that ran is COMMITTED, a reservation
 * that ran is HELD (or was released by recovery meanwhile, which the
 * saga's next conditional step finds out). A failed call fails every step
 * of the batch alike.
 */
async function sendSteps(steps: Step[]): Promise<Array<Settled<Reservation>>> {
  if (steps.length === 1) return [await settle(() => sendStep(steps[0]!))];
  const order = steps.map((_, i) => i).sort((x, y) => Number('reserve' in steps[x]!) - Number('reserve' in steps[y]!));
  const aliases = order.map((_, i) => `a${i}`);
  const query = `mutation SalesInventorySteps(${order.map((at, i) => `$${aliases[i]}: ${stepVariable(steps[at]!)}`).join(', ')}) { ${order.map((at, i) => stepField(steps[at]!, aliases[i]!)).join(' ')} }`;
  const variables = Object.fromEntries(order.map((at, i) => [aliases[i]!, 'reserve' in steps[at]! ? steps[at]!.reserve : steps[at]!.commit]));
  let answers;
  try {
    answers = await callSubgraphFields<Reservation>('inventory', query, variables, aliases);
  } catch (error) {
    return steps.map(() => ({ ok: false as const, error }));
  }
  const again = order.filter((_, i) => 'notRun' in answers[i]!);
  const retried = new Map((again.length > 0 ? await sendSteps(again.map((at) => steps[at]!)) : []).map((answer, i) => [again[i]!, answer]));
  const byStep = new Map(order.map((at, i) => [at, answers[i]!]));
  return steps.map((step, at) => {
    const answer = byStep.get(at)!;
    if ('notRun' in answer) return retried.get(at)!;
    if ('ranWithoutData' in answer) return { ok: true as const, value: 'reserve' in step ? { id: step.reserve.id, status: 'HELD' as const } : { id: step.commit, status: 'COMMITTED' as const } };
    return answer;
  });
}

const settle = <V>(work: () => Promise<V>): Promise<Settled<V>> => work().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

// Fields of a mutation run one after the other: a bounded batch keeps a call well inside SUBGRAPH_TIMEOUT_MS.
const inventorySteps = coalesceCalls<Step, Reservation>(sendSteps, { maxBatch: 16 });

/** Holds every line or none (INSUFFICIENT_STOCK, NOT_FOUND); idempotent by id (the saga id). Shares a call with concurrent sagas' steps. */
export async function reserveStock(id: string, storeId: string, lines: readonly LineRequest[]): Promise<Reservation> {
  return inventorySteps({ reserve: { id, storeId, lines: stockLines(lines) } });
}

async function commitOne(id: string): Promise<Reservation> {
  return (await callSubgraph<{ commitReservation: Reservation }>('inventory', COMMIT, { id })).commitReservation;
}

/** Makes a held reservation final; idempotent. Shares a call with concurrent sagas' steps. */
export async function commitReservation(id: string): Promise<Reservation> {
  return inventorySteps({ commit: id });
}

/** Gives held stock back; idempotent, and an unknown id is tombstoned so a late reserve with it does nothing. */
export async function releaseReservation(id: string): Promise<Reservation | null> {
  return (await callSubgraph<{ releaseReservation: Reservation | null }>('inventory', RELEASE, { id })).releaseReservation;
}

/** Puts returned goods back on the store's shelf; applied once per returnId. */
export async function restockReturn(returnId: string, storeId: string, lines: readonly LineRequest[]): Promise<boolean> {
  return (await callSubgraph<{ restockReturn: boolean }>('inventory', RESTOCK, { i: { returnId, storeId, lines: stockLines(lines) } })).restockReturn;
}
