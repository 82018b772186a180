import type { Config } from '../../../platform/config/config.js';
import type { SagaStatus } from './saga.js';

/** What a sale saga needs of the configuration. */
export interface SagaSettings {
  /** How long a request whose idempotency key is taken waits for the first attempt (three peer timeouts and 2 s). */
  replayWaitMs: number;
  /** Fault injection of the crash tests (SAGA_CRASH_AFTER): the process exits after persisting this step. */
  crashAfter?: SagaStatus;
}

/** What saga recovery needs of the configuration. */
export interface RecoverySettings {
  /** A saga untouched this long is recovered (SAGA_STALE_AFTER_MS). */
  staleAfterMs: number;
  /** How often recovery runs (SAGA_RECOVERY_INTERVAL_MS). */
  intervalMs: number;
}

/** What sales' domain needs of the configuration, read once at its composition root (sales-subgraph.ts). */
export interface SalesSettings {
  saga: SagaSettings;
  recovery: RecoverySettings;
  /** How often the outbox relay looks for unpublished events (OUTBOX_POLL_INTERVAL_MS). */
  outboxPollIntervalMs: number;
}

export function salesSettings(c: Config): SalesSettings {
  return {
    saga: { replayWaitMs: 3 * c.SUBGRAPH_TIMEOUT_MS + 2_000, crashAfter: c.SAGA_CRASH_AFTER },
    recovery: { staleAfterMs: c.SAGA_STALE_AFTER_MS, intervalMs: c.SAGA_RECOVERY_INTERVAL_MS },
    outboxPollIntervalMs: c.OUTBOX_POLL_INTERVAL_MS,
  };
}
