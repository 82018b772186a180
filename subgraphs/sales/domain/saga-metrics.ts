import { counter } from '../../../platform/metrics/registry.js';

/** Saga outcomes by the step they happened at (business signal for operators). */
const sagas = counter('sales_saga_outcomes_total', 'Sale sagas started, completed, compensated or failed, by step', ['outcome', 'step']);

export type SagaStep = 'start' | 'pricing' | 'reserve' | 'persist' | 'commit' | 'recovery';

export const sagaMetrics = {
  started: () => sagas.inc({ outcome: 'started', step: 'start' }),
  completed: (step: SagaStep) => sagas.inc({ outcome: 'completed', step }),
  compensated: (step: SagaStep) => sagas.inc({ outcome: 'compensated', step }),
  failed: (step: SagaStep) => sagas.inc({ outcome: 'failed', step }),
};
