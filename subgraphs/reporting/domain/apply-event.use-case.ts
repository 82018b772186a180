import { counter } from '../../../platform/metrics/registry.js';
import type { DomainEvent, SaleRecordedPayload, SaleReturnedPayload, StockChangedPayload } from '../../../contracts/domain-events.js';
import { applyOnce, type EventSalesFact, type ReadModelTx } from '../data-access/read-model-transaction.js';
import { negate } from './money.js';
import { dayOf } from './report-rules.js';
import type { SalesFact } from './reporting.js';
import type { ReportingSettings } from './reporting-settings.js';
import { raiseOrResolveStockAlert, type StockAlertChange } from './raise-or-resolve-stock-alert.use-case.js';

/** What applying an event changed: which cached answers are stale (see report-cache). */
export interface AppliedChange extends StockAlertChange {
  /** The store whose sales changed, the products concerned, and the day: in REPORT_TIME_ZONE and in UTC (YYYY-MM-DD). */
  sales?: { storeId: string; productIds: string[]; day: string; utcDay: string };
  /** A location the read model had never seen (reports list every known store). */
  newLocation?: string;
}

const alertsRaised = counter('stock_alerts_raised_total', 'Stock alerts raised (a store quantity fell to or below the low-stock threshold)');

/**
 * Applies one domain event to the read model, exactly once (by event id, in
 * one transaction with the change). Returns what changed (empty when the
 * event does not concern the read model), or null when it had already been
 * applied.
 */
export async function applyEvent(event: DomainEvent, settings: ReportingSettings): Promise<AppliedChange | null> {
  const [applied] = await applyEvents([event], settings);
  return applied?.change ?? null;
}

/**
 * Applies events in their order, each exactly once, all in one transaction
 * (what one read of the streams returned: one commit instead of one per
 * event). Returns the events applied now with what each changed; those
 * applied before are left out.
 */
export async function applyEvents(events: readonly DomainEvent[], settings: ReportingSettings): Promise<Array<{ event: DomainEvent; change: AppliedChange }>> {
  let applied: Array<{ event: DomainEvent; change: AppliedChange }> = [];
  await applyOnce(events, async (tx, fresh) => {
    const changes = new Map<DomainEvent, AppliedChange | null>();
    const facts: EventSalesFact[] = [];
    for (const event of fresh) {
      if (event.type === 'SaleRecorded') changes.set(event, salesChange(saleRecordedFacts(event as DomainEvent<'SaleRecorded', SaleRecordedPayload>, settings.timeZone), facts, event.id));
      if (event.type === 'SaleReturned') changes.set(event, salesChange(saleReturnedFacts(event as DomainEvent<'SaleReturned', SaleReturnedPayload>, settings.timeZone), facts, event.id));
    }
    // Levels in key order (each level's events keeping their order): two consumers' batches lock StockFact rows alike, never in a cycle.
    const stock = fresh.filter((e): e is DomainEvent<'StockChanged', StockChangedPayload> => e.type === 'StockChanged');
    const levelOf = (e: DomainEvent<'StockChanged', StockChangedPayload>) => `${e.payload.storeId.toLowerCase()}:${e.payload.productId.toLowerCase()}`;
    const byLevel = (a: { e: (typeof stock)[number]; i: number }, b: { e: (typeof stock)[number]; i: number }) => (levelOf(a.e) < levelOf(b.e) ? -1 : levelOf(a.e) > levelOf(b.e) ? 1 : a.i - b.i);
    for (const event of stock.map((e, i) => ({ e, i })).sort(byLevel)) {
      changes.set(event.e, await applyStockChanged(tx, event.e, settings.lowStockThreshold));
    }
    await tx.addSalesFacts(facts);
    // Not a reporting concern (ReplenishmentApproved …): recorded as processed, nothing else.
    applied = fresh.map((event) => ({ event, change: changes.get(event) ?? {} }));
  });
  for (const { change } of applied) if (change.alertRaised) alertsRaised.inc();
  return applied;
}

/** Queues the facts of one event for the batch insert; what they change. */
function salesChange(eventFacts: SalesFact[], facts: EventSalesFact[], eventId: string): AppliedChange | null {
  for (const fact of eventFacts) facts.push({ ...fact, eventId });
  const first = eventFacts[0];
  return first ? { sales: { storeId: first.storeId, productIds: eventFacts.map((f) => f.productId), day: first.day, utcDay: first.occurredAt.toISOString().slice(0, 10) } } : null;
}

function saleRecordedFacts(event: DomainEvent<'SaleRecorded', SaleRecordedPayload>, timeZone: string): SalesFact[] {
  const p = event.payload;
  const occurredAt = new Date(p.occurredAt);
  const day = dayOf(occurredAt, timeZone);
  return p.lines.map((line) => ({
    kind: 'SALE',
    saleId: p.saleId,
    storeId: p.storeId.toLowerCase(),
    productId: line.productId.toLowerCase(),
    occurredAt,
    day,
    quantity: line.quantity,
    revenue: line.lineTotal,
  }));
}

/** A return counts when it happens: its lines come off that day's revenue and units. */
function saleReturnedFacts(event: DomainEvent<'SaleReturned', SaleReturnedPayload>, timeZone: string): SalesFact[] {
  const p = event.payload;
  const occurredAt = new Date(p.occurredAt);
  const day = dayOf(occurredAt, timeZone);
  return p.lines.map((line) => ({
    kind: 'RETURN',
    saleId: p.saleId,
    storeId: p.storeId.toLowerCase(),
    productId: line.productId.toLowerCase(),
    occurredAt,
    day,
    quantity: -line.quantity,
    revenue: negate(line.lineTotal),
  }));
}

/**
 * Keeps the last known quantity of each level and, for stores, raises or
 * resolves its stock alert. An event older than what is known changes
 * nothing.
 */
async function applyStockChanged(tx: ReadModelTx, event: DomainEvent<'StockChanged', StockChangedPayload>, threshold: number): Promise<AppliedChange | null> {
  const p = event.payload;
  const occurredAt = new Date(p.occurredAt);
  const storeId = p.storeId.toLowerCase();
  const productId = p.productId.toLowerCase();
  const recorded = await tx.recordStockFact({ storeId, productId, locationKind: p.locationKind, quantity: p.quantity, sequence: event.sequence, updatedAt: occurredAt });
  if (recorded === 'older' || p.locationKind !== 'STORE') return null;
  const change: AppliedChange = recorded === 'new-location' ? { newLocation: storeId } : {};
  return { ...change, ...(await raiseOrResolveStockAlert(tx, { storeId, productId, quantity: p.quantity, at: occurredAt }, threshold)) };
}
