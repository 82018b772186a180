import type { Sent, World } from './retail-scenario.js';

/** Refusals the contract allows for this random work; each means "nothing changed". */
export const EXPECTED_CODES = new Set(['INSUFFICIENT_STOCK', 'CONFLICT', 'BAD_USER_INPUT']);

/** Exact cents of a decimal string such as "12.50" or "-3.1". */
export function toCents(amount: string): number {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -value : value;
}

export interface SaleSeen {
  id: string;
  storeId: string;
  /** Product id → quantity and unit price in cents. */
  lines: Map<string, { quantity: number; unitPrice: number }>;
  total: number;
}

export interface ReturnSeen {
  id: string;
  saleId: string;
  lines: Map<string, number>;
  refund: number;
}

export interface RequestSeen {
  id: string;
  storeId: string;
  productId: string;
  quantity: number;
}

/** What the answers say happened: each sale, return and approval once, whatever was retried. */
export interface Tally {
  sales: Map<string, SaleSeen>;
  returns: Map<string, ReturnSeen>;
  adjustments: Array<{ locationId: string; productId: string; delta: number }>;
  requests: Map<string, RequestSeen>;
  approved: Set<string>;
  rejected: Set<string>;
  /** Idempotency key → every id answered for it. */
  keys: Map<string, Set<string>>;
  /** Answers that break the contract by themselves (5xx, unexpected codes, wrong sums). */
  problems: string[];
}

const merge = (lines: Array<{ productId: string; quantity: number }>) => {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.productId, (merged.get(l.productId) ?? 0) + l.quantity);
  return merged;
};

function noteKey(t: Tally, key: string | undefined, id: string): void {
  if (!key) return;
  t.keys.set(key, (t.keys.get(key) ?? new Set()).add(id));
}

function tallySale(t: Tally, s: Sent, sale: any, prices: Map<string, number>): void {
  const lines = new Map<string, { quantity: number; unitPrice: number }>(sale.lines.map((l: any) => [l.product.id, { quantity: l.quantity, unitPrice: toCents(l.unitPrice) }]));
  const asked = merge(s.variables.i.lines);
  const answered = new Map([...lines].map(([p, l]) => [p, l.quantity]));
  if (JSON.stringify([...asked].sort()) !== JSON.stringify([...answered].sort())) t.problems.push(`sale ${sale.id} has lines ${JSON.stringify([...answered])} for ${JSON.stringify([...asked])}`);
  for (const [productId, line] of lines) if (line.unitPrice !== prices.get(productId)) t.problems.push(`sale ${sale.id} priced ${productId} at ${line.unitPrice} cents`);
  const total = [...lines.values()].reduce((n, l) => n + l.quantity * l.unitPrice, 0);
  if (toCents(sale.total) !== total) t.problems.push(`sale ${sale.id} total ${sale.total} is not the sum of its lines (${total} cents)`);
  t.sales.set(sale.id, { id: sale.id, storeId: s.variables.i.storeId, lines, total });
  noteKey(t, s.variables.i.idempotencyKey, sale.id);
}

function tallyReturn(t: Tally, s: Sent, ret: any): void {
  const lines = merge(ret.lines.map((l: any) => ({ productId: l.product.id, quantity: l.quantity })));
  const refund = ret.lines.reduce((n: number, l: any) => n + l.quantity * toCents(l.unitPrice), 0);
  if (toCents(ret.refund) !== refund) t.problems.push(`return ${ret.id} refund ${ret.refund} is not the sum of its lines (${refund} cents)`);
  if (ret.sale.id !== s.variables.i.saleId) t.problems.push(`return ${ret.id} answered for sale ${ret.sale.id}, asked for ${s.variables.i.saleId}`);
  t.returns.set(ret.id, { id: ret.id, saleId: ret.sale.id, lines, refund });
  noteKey(t, s.variables.i.idempotencyKey, ret.id);
}

function tallyAnswer(t: Tally, s: Sent, data: any, prices: Map<string, number>): void {
  if (s.kind === 'sale') tallySale(t, s, data.recordSale, prices);
  else if (s.kind === 'return') tallyReturn(t, s, data.returnSale);
  else if (s.kind === 'adjust') t.adjustments.push({ locationId: s.variables.s, productId: s.variables.p, delta: s.variables.d });
  else if (s.kind === 'request') {
    const r = data.requestReplenishment;
    t.requests.set(r.id, { id: r.id, storeId: s.variables.s, productId: s.variables.p, quantity: s.variables.q });
  } else if (s.kind === 'approve') t.approved.add(data.approveReplenishment.id);
  else t.rejected.add(data.rejectReplenishment.id);
}

export function tally(sent: Sent[], world: World): Tally {
  const prices = new Map(world.products.map((p) => [p.id, toCents(p.price)]));
  const t: Tally = { sales: new Map(), returns: new Map(), adjustments: [], requests: new Map(), approved: new Set(), rejected: new Set(), keys: new Map(), problems: [] };
  for (const s of sent) {
    const what = `${s.client} ${s.kind} ${JSON.stringify(s.variables)} → ${s.status} ${JSON.stringify(s.body)}`;
    if (s.status >= 500) t.problems.push(`5xx: ${what}`);
    const codes = (s.body.errors ?? []).map((e) => e.extensions?.code);
    if (codes.some((c) => !EXPECTED_CODES.has(String(c)))) t.problems.push(`unexpected error: ${what}`);
    else if (codes.length === 0 && s.body.data) tallyAnswer(t, s, s.body.data, prices);
    else if (codes.length === 0) t.problems.push(`no data and no error: ${what}`);
  }
  for (const id of t.approved) if (t.rejected.has(id)) t.problems.push(`request ${id} was both approved and rejected`);
  for (const [key, ids] of t.keys) if (ids.size > 1) t.problems.push(`idempotency key ${key} answered with ${ids.size} different ids: ${[...ids].join(', ')}`);
  return t;
}

export const level = (locationId: string, productId: string) => `${locationId}:${productId}`;

/** Expected change of each stock level: sales out, returns in, adjustments, approved requests warehouse → store. */
export function stockChanges(t: Tally, world: World): Map<string, number> {
  const changes = new Map<string, number>();
  const add = (locationId: string, productId: string, delta: number) => changes.set(level(locationId, productId), (changes.get(level(locationId, productId)) ?? 0) + delta);
  for (const sale of t.sales.values()) for (const [productId, l] of sale.lines) add(sale.storeId, productId, -l.quantity);
  for (const ret of t.returns.values()) for (const [productId, quantity] of ret.lines) add(t.sales.get(ret.saleId)!.storeId, productId, quantity);
  for (const a of t.adjustments) add(a.locationId, a.productId, a.delta);
  for (const id of t.approved) {
    const r = t.requests.get(id)!;
    add(world.warehouse, r.productId, -r.quantity);
    add(r.storeId, r.productId, r.quantity);
  }
  return changes;
}

/** Net units leaving the chain per product (sold minus returned), and the net adjustment. */
export function externalMovements(t: Tally, productId: string): { sold: number; returned: number; adjusted: number; replenished: number } {
  const sold = [...t.sales.values()].reduce((n, s) => n + (s.lines.get(productId)?.quantity ?? 0), 0);
  const returned = [...t.returns.values()].reduce((n, r) => n + (r.lines.get(productId) ?? 0), 0);
  const adjusted = t.adjustments.filter((a) => a.productId === productId).reduce((n, a) => n + a.delta, 0);
  const replenished = [...t.approved].map((id) => t.requests.get(id)!).filter((r) => r.productId === productId).reduce((n, r) => n + r.quantity, 0);
  return { sold, returned, adjusted, replenished };
}

/** Net revenue per store in cents (sales minus refunds). */
export function revenueByStore(t: Tally): Map<string, number> {
  const revenue = new Map<string, number>();
  for (const sale of t.sales.values()) revenue.set(sale.storeId, (revenue.get(sale.storeId) ?? 0) + sale.total);
  for (const ret of t.returns.values()) {
    const store = t.sales.get(ret.saleId)!.storeId;
    revenue.set(store, (revenue.get(store) ?? 0) - ret.refund);
  }
  return revenue;
}
