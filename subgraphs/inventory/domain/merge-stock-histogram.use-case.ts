import type { Logger } from '../../../platform/logging/logger.js';
import { mergeStockHistogram } from '../data-access/stock-histogram.repository.js';
import { startPeriodicJob, type BackgroundJob } from './periodic-job.js';

/**
 * Every stock write adds rows to the stock histogram (see the migration);
 * folding them every `intervalMs` keeps what a read sums to a few hundred
 * rows per location.
 */
export function startStockHistogramMergeJob(options: { intervalMs: number; logger: Logger }): BackgroundJob {
  return startPeriodicJob({ name: 'stock histogram merge', intervalMs: options.intervalMs, logger: options.logger, run: async () => void (await mergeStockHistogram()) });
}
