import { config } from '../../../platform/config/config.js';
import { counter } from '../../../platform/metrics/registry.js';
import type { DomainEvent, SaleRecordedPayload, SaleReturnedPayload, StockChangedPayload } from '../../../platform/events/domain-events.js';
import { applyOnce, type ReadModelTx } from '../data-access/read-model-transaction.js';
import { negate } from './money.js';
import { dayOf } from './report-rules.js';
import type { SalesFact } from './reporting.js';

/** What applying an event changed: which cached answers are stale (see report-cache). */
export interface AppliedChange {
  /** The store whose sales changed, the products concerned, and the day: in REPORT_TIME_ZONE and in UTC (YYYY-MM-DD). */
  sales?: { storeId: string; productIds: string[]; day: string; utcDay: string };
  /** A location the read model had never seen (reports list every known store). */
  newLocation?: string;
  /** A store whose stock alerts changed. */
  alertsOf?: string;
  /** A new stock alert was raised (counted once the transaction committed). */
  alertRaised?: boolean;
}

const alertsRaised = counter('stock_alerts_raised_total', 'Stock alerts raised (a store quantity fell to or below the low-stock threshold)');

/**
 * Applies one domain event to the read model, exactly once (by event id, in
 * one transaction with the change). Returns what changed (empty when the
 * event does not concern the read model), or null when it had already been
 * applied.
 */
export async function applyEvent(event: DomainEvent): Promise<AppliedChange | null> {
  let change: AppliedChange | null = null;
  const applied = await applyOnce(event, async (tx) => {
    switch (event.type) {
      case 'SaleRecorded':
        change = await applySaleRecorded(tx, event as DomainEvent<'SaleRecorded', SaleRecordedPayload>);
        break;
      case 'SaleReturned':
        change = await applySaleReturned(tx, event as DomainEvent<'SaleReturned', SaleReturnedPayload>);
        break;
      case 'StockChanged':
        change = await applyStockChanged(tx, event as DomainEvent<'StockChanged', StockChangedPayload>);
        break;
      default:
      // Not a reporting concern (ReplenishmentApproved …): recorded as processed, nothing else.
    }
  });
  if (applied && (change as AppliedChange | null)?.alertRaised) alertsRaised.inc();
  return applied ? (change ?? {}) : null;
}

function salesChange(facts: SalesFact[]): AppliedChange | null {
  const first = facts[0];
  return first ? { sales: { storeId: first.storeId, productIds: facts.map((f) => f.productId), day: first.day, utcDay: first.occurredAt.toISOString().slice(0, 10) } } : null;
}

async function applySaleRecorded(tx: ReadModelTx, event: DomainEvent<'SaleRecorded', SaleRecordedPayload>): Promise<AppliedChange | null> {
  const p = event.payload;
  const occurredAt = new Date(p.occurredAt);
  const day = dayOf(occurredAt, config().REPORT_TIME_ZONE);
  const facts: SalesFact[] = p.lines.map((line) => ({
    kind: 'SALE',
    saleId: p.saleId,
    storeId: p.storeId.toLowerCase(),
    productId: line.productId.toLowerCase(),
    occurredAt,
    day,
    quantity: line.quantity,
    revenue: line.lineTotal,
  }));
  await tx.addSalesFacts(event.id, facts);
  return salesChange(facts);
}

/** A return counts when it happens: its lines come off that day's revenue and units. */
async function applySaleReturned(tx: ReadModelTx, event: DomainEvent<'SaleReturned', SaleReturnedPayload>): Promise<AppliedChange | null> {
  const p = event.payload;
  const occurredAt = new Date(p.occurredAt);
  const day = dayOf(occurredAt, config().REPORT_TIME_ZONE);
  const facts: SalesFact[] = p.lines.map((line) => ({
    kind: 'RETURN',
    saleId: p.saleId,
    storeId: p.storeId.toLowerCase(),
    productId: line.productId.toLowerCase(),
    occurredAt,
    day,
    quantity: -line.quantity,
    revenue: negate(line.lineTotal),
  }));
  await tx.addSalesFacts(event.id, facts);
  return salesChange(facts);
}

/**
 * Keeps the last known quantity of each level and, for stores, the alert
 * state: at or below the threshold an alert is open (raised once, its
 * quantity kept current); above it, the open alert is resolved. An event
 * older than what is known changes nothing.
 */
async function applyStockChanged(tx: ReadModelTx, event: DomainEvent<'StockChanged', StockChangedPayload>): Promise<AppliedChange | null> {
  const p = event.payload;
  const occurredAt = new Date(p.occurredAt);
  const storeId = p.storeId.toLowerCase();
  const productId = p.productId.toLowerCase();
  const recorded = await tx.recordStockFact({ storeId, productId, locationKind: p.locationKind, quantity: p.quantity, sequence: event.sequence, updatedAt: occurredAt });
  if (recorded === 'older' || p.locationKind !== 'STORE') return null;
  const change: AppliedChange = recorded === 'new-location' ? { newLocation: storeId } : {};
  const threshold = config().LOW_STOCK_THRESHOLD;
  const open = await tx.findOpenAlert(storeId, productId);
  if (p.quantity <= threshold) {
    if (!open) {
      await tx.raiseAlert({ storeId, productId, quantity: p.quantity, threshold, raisedAt: occurredAt });
      return { ...change, alertsOf: storeId, alertRaised: true };
    }
    if (open.quantity === p.quantity) return change;
    await tx.updateAlertQuantity(open.id, p.quantity);
    return { ...change, alertsOf: storeId };
  }
  if (open) {
    await tx.resolveAlert(open.id, occurredAt);
    return { ...change, alertsOf: storeId };
  }
  return change;
}
