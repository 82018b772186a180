/**
 * Gathers calls to another service that arrive while an earlier one is in
 * flight and sends them together in the next call: under load, concurrent
 * sagas share one HTTP round trip (and one GraphQL request on the other
 * side) instead of paying one each; alone, a call goes out at once. `send`
 * answers every key of a batch, in order, with its value or its own error.
 */
export type Settled<V> = { ok: true; value: V } | { ok: false; error: unknown };

export interface CoalescerOptions {
  /** Most keys per call. */
  maxBatch?: number;
  /** Calls in flight at once; more requests wait and go out together. */
  maxInFlight?: number;
}

export function coalesceCalls<K, V>(send: (keys: K[]) => Promise<Array<Settled<V>>>, options: CoalescerOptions = {}): (key: K) => Promise<V> {
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 1;
  const queue: Array<{ key: K; resolve: (value: V) => void; reject: (error: unknown) => void }> = [];
  let inFlight = 0;

  const flush = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      send(batch.map((b) => b.key))
        .then(
          (results) => {
            batch.forEach((b, i) => {
              const result = results[i];
              if (!result) b.reject(new Error('No answer for a call of the batch'));
              else if (result.ok) b.resolve(result.value);
              else b.reject(result.error);
            });
          },
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          inFlight--;
          flush();
        });
    }
  };

  return (key) =>
    new Promise<V>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      flush();
    });
}
