import { counter, gauge } from '../metrics/registry.js';

/** Events handed to the bus by an outbox relay (after the stream accepted them). */
export const eventsPublished = counter('events_published_total', 'Domain events published from the outbox to the bus', ['stream']);
/** Events a consumer group applied and acknowledged. */
export const eventsConsumed = counter('events_consumed_total', 'Domain events handled by a consumer group', ['stream', 'group']);
/**
 * Age of the last event a group handled, when it handled it: how far the
 * read model trails the writes (replays of old history show up here too).
 */
export const consumerLag = gauge('events_consumer_lag_seconds', 'Age of the last handled event at the time it was handled', ['group']);
