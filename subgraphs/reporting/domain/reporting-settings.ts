import type { Config } from '../../../platform/config/config.js';

/** What reporting's domain needs of the configuration, read once at its composition root (reporting-subgraph.ts). */
export interface ReportingSettings {
  /** Time zone of report days (REPORT_TIME_ZONE). */
  timeZone: string;
  /** A store's quantity at or below this raises a stock alert (LOW_STOCK_THRESHOLD). */
  lowStockThreshold: number;
  /** Events a dead consumer left pending this long are taken over (EVENT_CLAIM_IDLE_MS). */
  claimIdleMs: number;
}

export function reportingSettings(c: Config): ReportingSettings {
  return { timeZone: c.REPORT_TIME_ZONE, lowStockThreshold: c.LOW_STOCK_THRESHOLD, claimIdleMs: c.EVENT_CLAIM_IDLE_MS };
}
