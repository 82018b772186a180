import { counter } from '../../../platform/metrics/registry.js';

/** Saga outcomes by the step they happened at (business signal for operators). */
const sagas = counter('sales_saga_outcomes_total', 'Sale sagas started, completed, compensated or failed, by step', ['outcome', 'step']);

/** Revenue of completed sales, for dashboards (the sales tables stay the record). */
const revenue = counter('sales_revenue_total', 'Sum of the totals of completed sales (currency units)');

export type SagaStep = 'start' | 'pricing' | 'reserve' | 'persist' | 'commit' | 'recovery';

export const sagaMetrics = {
  started: () => sagas.inc({ outcome: 'started', step: 'start' }),
  completed: (step: SagaStep) => sagas.inc({ outcome: 'completed', step }),
  compensated: (step: SagaStep) => sagas.inc({ outcome: 'compensated', step }),
  failed: (step: SagaStep) => sagas.inc({ outcome: 'failed', step }),
  revenue: (total: string) => revenue.inc(Number(total)),
};
