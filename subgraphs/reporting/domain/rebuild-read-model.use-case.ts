import type { EventBus } from '../../../platform/events/event-bus.js';
import { EPOCH_TAG } from '../../../platform/cache/query-cache.js';
import { clearReadModel } from '../data-access/read-model-transaction.js';
import { reportCache } from '../data-access/report-cache.js';
import { applyEvents } from './apply-event.use-case.js';
import { REPORTING_STREAMS } from './consume-events.use-case.js';
import type { ReportingSettings } from './reporting-settings.js';

/**
 * Rebuilds the read model from the start of the streams (a replay): it is
 * emptied, then every event of every stream is applied in stream order.
 * Events the live consumer applies meanwhile are deduplicated by id.
 * Returns how many events were applied.
 */
export async function rebuildReadModel(bus: EventBus, settings: ReportingSettings, batchSize = 500): Promise<number> {
  await clearReadModel();
  // Answers cached before or during the rebuild are all stale once it is done.
  await reportCache().invalidate([EPOCH_TAG]);
  let applied = 0;
  for (const stream of REPORTING_STREAMS) {
    let after: string | undefined;
    for (;;) {
      const batch = await bus.read(stream, { after, count: batchSize });
      if (batch.length === 0) break;
      applied += (await applyEvents(batch.map((m) => m.event), settings)).length;
      after = batch.at(-1)!.id;
    }
  }
  await reportCache().invalidate([EPOCH_TAG]);
  return applied;
}
