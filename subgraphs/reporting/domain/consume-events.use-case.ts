import os from 'node:os';
import { eventStreams } from '../../../contracts/domain-events.js';
import type { BusMessage, EventBus } from '../../../platform/events/event-bus.js';
import { startEventConsumer, type EventConsumer } from '../../../platform/events/event-consumer.js';
import type { Logger } from '../../../platform/logging/logger.js';
import { invalidateReports } from '../data-access/report-cache.js';
import { applyEvent, applyEvents, type AppliedChange } from './apply-event.use-case.js';
import type { ReportingSettings } from './reporting-settings.js';

/** Reporting's consumer group on the sales and inventory streams. */
export const REPORTING_GROUP = 'reporting';
export const REPORTING_STREAMS = [eventStreams.sales, eventStreams.inventory];

export interface ReportingConsumerOptions {
  bus: EventBus;
  logger: Logger;
  settings: ReportingSettings;
  /** Unique per process (default: host and pid). */
  consumer?: string;
  /** Called after events were applied and committed, with what each changed (default: invalidates the cached reports they change). */
  onApplied?: (changes: AppliedChange[]) => Promise<void> | void;
  claimIdleMs?: number;
  blockMs?: number;
  /** Test hook, see EventConsumerOptions.afterHandle. */
  afterHandle?: (message: BusMessage) => void;
}

/**
 * Keeps the read model current: every sales and inventory event is applied
 * once (ProcessedEvent), what one read returned in one transaction, then
 * acknowledged; events a dead reporting process
 * left pending are taken over after EVENT_CLAIM_IDLE_MS.
 */
export function startReportingConsumer(options: ReportingConsumerOptions): EventConsumer {
  return startEventConsumer({
    bus: options.bus,
    group: REPORTING_GROUP,
    consumer: options.consumer ?? `reporting-${os.hostname()}-${process.pid}`,
    streams: REPORTING_STREAMS,
    claimIdleMs: options.claimIdleMs ?? options.settings.claimIdleMs,
    blockMs: options.blockMs,
    logger: options.logger,
    afterHandle: options.afterHandle,
    handle: async (event) => {
      const change = await applyEvent(event, options.settings);
      if (change) await (options.onApplied ?? invalidateReports)([change]);
    },
    handleBatch: async (events) => {
      const applied = await applyEvents(events, options.settings);
      if (applied.length > 0) await (options.onApplied ?? invalidateReports)(applied.map((a) => a.change));
    },
  });
}
