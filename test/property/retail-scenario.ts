import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { gqlHttp, type GraphQLResponse } from '../support/graphql-client.js';

/**
 * Random work for the property test: several clients (two tills of one
 * store, a till of another, head office adjusting stock, logistics deciding
 * replenishment requests) each run a random list of operations, all clients
 * at once, against the router. Every answer is kept for the invariants.
 */

export interface World {
  products: ReadonlyArray<{ id: string; price: string }>;
  /** The stores the tills work at (index 0 and 1). */
  stores: readonly [string, string];
  warehouse: string;
  tokens: { tills: readonly [string, string]; admin: string; logistics: string };
}

type LineChoice = { product: number; quantity: number };
export type TillOp =
  | { kind: 'sale'; lines: LineChoice[]; key: number | null; sends: number }
  | { kind: 'retrySale' }
  | { kind: 'return'; sale: number; part: { line: number; quantity: number } | null; key: number | null; sends: number }
  | { kind: 'retryReturn' }
  | { kind: 'request'; product: number; quantity: number }
  | { kind: 'pause'; ms: number };
export type AdminOp = { kind: 'adjust'; location: number; product: number; delta: number } | { kind: 'pause'; ms: number };
export type LogisticsOp = { kind: 'decide'; request: number; approvals: boolean[] } | { kind: 'pause'; ms: number };

export interface Scenario {
  /** Tills 0 and 1 work at store 0, till 2 at store 1. */
  tills: [TillOp[], TillOp[], TillOp[]];
  admin: AdminOp[];
  logistics: LogisticsOp[];
}

export type OpKind = 'sale' | 'return' | 'request' | 'adjust' | 'approve' | 'reject';

/** One request as sent and its answer. */
export interface Sent {
  client: string;
  kind: OpKind;
  variables: Record<string, any>;
  status: number;
  body: GraphQLResponse;
}

export const SALE = `mutation PropertySale($i: RecordSaleInput!) { recordSale(input: $i) { id total lines { quantity unitPrice product { id } } } }`;
export const RETURN = `mutation PropertyReturn($i: ReturnSaleInput!) { returnSale(input: $i) { id refund sale { id } lines { quantity unitPrice product { id } } } }`;
const REQUEST = `mutation PropertyRequest($s: ID!, $p: ID!, $q: Int!) { requestReplenishment(storeId: $s, productId: $p, quantity: $q) { id quantity status } }`;
const APPROVE = `mutation PropertyApprove($id: ID!) { approveReplenishment(id: $id) { id status quantity } }`;
const REJECT = `mutation PropertyReject($id: ID!) { rejectReplenishment(id: $id, reason: "property test") { id status } }`;
const ADJUST = `mutation PropertyAdjust($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "property test") { quantity } }`;
const DOCUMENTS: Record<OpKind, string> = { sale: SALE, return: RETURN, request: REQUEST, adjust: ADJUST, approve: APPROVE, reject: REJECT };

const pause = fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 60 }) });
/** Idempotency keys are drawn per run from this many: mostly retries of one request, sometimes a key reused for another (CONFLICT). */
export const KEY_POOL = 12;
const key = fc.option(fc.integer({ min: 0, max: KEY_POOL - 1 }), { nil: null });

function tillOps(productCount: number): fc.Arbitrary<TillOp[]> {
  const product = fc.integer({ min: 0, max: productCount - 1 });
  const op: fc.Arbitrary<TillOp> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('sale' as const), lines: fc.array(fc.record({ product, quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 }), key, sends: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'retrySale' as const }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('return' as const),
        sale: fc.nat(),
        part: fc.option(fc.record({ line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }) }), { nil: null }),
        key,
        sends: fc.integer({ min: 1, max: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'retryReturn' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('request' as const), product, quantity: fc.integer({ min: 1, max: 15 }) }) },
    { weight: 1, arbitrary: pause },
  );
  return fc.array(op, { minLength: 2, maxLength: 7 });
}

export function scenario(productCount: number): fc.Arbitrary<Scenario> {
  const product = fc.integer({ min: 0, max: productCount - 1 });
  const delta = fc.integer({ min: -10, max: 10 }).filter((d) => d !== 0);
  const admin = fc.array(fc.oneof({ weight: 4, arbitrary: fc.record({ kind: fc.constant('adjust' as const), location: fc.integer({ min: 0, max: 2 }), product, delta }) }, { weight: 1, arbitrary: pause }), { minLength: 1, maxLength: 6 });
  const logistics = fc.array(
    fc.oneof({ weight: 3, arbitrary: fc.record({ kind: fc.constant('decide' as const), request: fc.nat(), approvals: fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }) }) }, { weight: 2, arbitrary: pause }),
    { minLength: 2, maxLength: 7 },
  );
  return fc.record({ tills: fc.tuple(tillOps(productCount), tillOps(productCount), tillOps(productCount)), admin, logistics });
}

interface KnownSale {
  id: string;
  lines: Array<{ productId: string }>;
}

/** What the clients of one run share: the sales each store has made, the requests made. */
class Run {
  readonly sent: Sent[] = [];
  readonly salesAt = new Map<string, KnownSale[]>();
  readonly requests: string[] = [];
  tillsDone = false;

  constructor(
    readonly world: World,
    readonly id: string,
  ) {}

  async send(client: string, token: string, kind: OpKind, variables: Record<string, any>, times = 1): Promise<GraphQLResponse[]> {
    const answers = await Promise.all(Array.from({ length: times }, () => gqlHttp(DOCUMENTS[kind], variables, token)));
    for (const { status, body } of answers) this.sent.push({ client, kind, variables, status, body });
    return answers.map((a) => a.body);
  }

  noteSale(storeId: string, sale: { id: string; lines: Array<{ product: { id: string } }> } | undefined): void {
    if (!sale) return;
    const known = this.salesAt.get(storeId) ?? [];
    if (!known.some((s) => s.id === sale.id)) known.push({ id: sale.id, lines: sale.lines.map((l) => ({ productId: l.product.id })) });
    this.salesAt.set(storeId, known);
  }
}

async function runTill(run: Run, till: number, ops: TillOp[]): Promise<void> {
  const store = run.world.stores[till < 2 ? 0 : 1];
  const token = run.world.tokens.tills[till < 2 ? 0 : 1];
  const client = `till${till}`;
  let lastSale: Record<string, any> | undefined;
  let lastReturn: Record<string, any> | undefined;
  const sell = async (variables: Record<string, any>, sends: number) => {
    for (const answer of await run.send(client, token, 'sale', variables, sends)) run.noteSale(store, answer.data?.recordSale);
  };
  for (const op of ops) {
    if (op.kind === 'sale') {
      const lines = op.lines.map((l) => ({ productId: run.world.products[l.product]!.id, quantity: l.quantity }));
      lastSale = { i: { storeId: store, lines, ...(op.key === null ? {} : { idempotencyKey: `${run.id}-sale-${op.key}` }) } };
      await sell(lastSale, op.sends);
    } else if (op.kind === 'retrySale') {
      if (lastSale) await sell(lastSale, 1);
    } else if (op.kind === 'return') {
      const sales = run.salesAt.get(store) ?? [];
      if (sales.length === 0) continue;
      const sale = sales[op.sale % sales.length]!;
      const lines = op.part ? [{ productId: sale.lines[op.part.line % sale.lines.length]!.productId, quantity: op.part.quantity }] : undefined;
      lastReturn = { i: { saleId: sale.id, ...(lines ? { lines } : {}), ...(op.key === null ? {} : { idempotencyKey: `${run.id}-return-${op.key}` }) } };
      await run.send(client, token, 'return', lastReturn, op.sends);
    } else if (op.kind === 'retryReturn') {
      if (lastReturn) await run.send(client, token, 'return', lastReturn);
    } else if (op.kind === 'request') {
      const [answer] = await run.send(client, token, 'request', { s: store, p: run.world.products[op.product]!.id, q: op.quantity });
      if (answer?.data?.requestReplenishment) run.requests.push(answer.data.requestReplenishment.id);
    } else {
      await sleep(op.ms);
    }
  }
}

async function runAdmin(run: Run, ops: AdminOp[]): Promise<void> {
  const locations = [...run.world.stores, run.world.warehouse];
  for (const op of ops) {
    if (op.kind === 'pause') await sleep(op.ms);
    else await run.send('admin', run.world.tokens.admin, 'adjust', { s: locations[op.location], p: run.world.products[op.product]!.id, d: op.delta });
  }
}

async function runLogistics(run: Run, ops: LogisticsOp[]): Promise<void> {
  for (const op of ops) {
    if (op.kind === 'pause') {
      await sleep(op.ms);
      continue;
    }
    // Logistics decides what the tills ask for: wait for a first request while they are still working.
    while (run.requests.length === 0 && !run.tillsDone) await sleep(20);
    if (run.requests.length === 0) continue;
    const id = run.requests[op.request % run.requests.length]!;
    // Two decisions on one request race each other: at most one may win.
    await Promise.all(op.approvals.map((approve) => run.send('logistics', run.world.tokens.logistics, approve ? 'approve' : 'reject', { id })));
  }
}

/** Runs every client of the scenario at once; resolves with every request sent and its answer. */
export async function play(world: World, runId: string, s: Scenario): Promise<Sent[]> {
  const run = new Run(world, runId);
  const tills = Promise.all(s.tills.map((ops, till) => runTill(run, till, ops))).finally(() => (run.tillsDone = true));
  await Promise.all([tills, runAdmin(run, s.admin), runLogistics(run, s.logistics)]);
  return run.sent;
}
