import { createLogger } from '../../../platform/logging/logger.js';
import type { SagaStatus } from './saga.js';

/**
 * Fault injection for the crash tests (SAGA_CRASH_AFTER): the process dies
 * right after this step was persisted, as a kill -9 would leave it.
 */
export function crashIfConfiguredAfter(step: SagaStatus, crashAfter: SagaStatus | undefined): void {
  if (crashAfter !== step) return;
  createLogger('sales').fatal({ step }, 'SAGA_CRASH_AFTER: exiting as if the process had crashed');
  process.exit(137);
}
