import { countInvalidations } from './cache-metrics.js';

/** Every entry of every cache carries this tag: bumping it makes all of them stale at once. */
export const EPOCH_TAG = 'epoch';

/**
 * Whether a cache store may be used. When an invalidation may have been lost
 * (a bump failed, Redis reconnected and may have restarted, a process missed
 * its peers' bumps), the store is bypassed until the epoch tag has been
 * bumped, which makes every older entry unreachable; the reset is retried by
 * itself with a growing pause (at most 1 s). Shared by the subgraphs' query
 * caches and the router's response cache.
 */
export class EpochTrust {
  private trustedNow: boolean;
  private recovering: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly options: {
      /** Bumps EPOCH_TAG in the store (with its own timeout); rejects when it could not. */
      resetEpoch: () => Promise<void>;
      /** Redis: untrusted until its connection calls distrust() once, as every reconnection does. */
      startsUntrusted?: boolean;
      /** After a reset that needed more than one attempt. */
      onUsableAgain?: () => void;
    },
  ) {
    this.trustedNow = !options.startsUntrusted;
  }

  get trusted(): boolean {
    return this.trustedNow;
  }

  /** Untrusted with a reset under way: that reset makes every entry stale, so a bump meanwhile is not needed. */
  get resetting(): boolean {
    return !this.trustedNow && this.recovering !== null;
  }

  distrust(): void {
    this.trustedNow = false;
    this.recovering ??= (async () => {
      for (let attempt = 0; !this.closed; attempt++) {
        try {
          await this.options.resetEpoch();
          countInvalidations('reset', [EPOCH_TAG]);
          this.trustedNow = true;
          if (attempt > 0) this.options.onUsableAgain?.();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * (attempt + 1))).unref());
        }
      }
    })().finally(() => {
      this.recovering = null;
    });
  }

  /** Resolves once the store may be used (or after timeoutMs); never rejects. */
  async ready(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.trustedNow && Date.now() < deadline && !this.closed) await new Promise((r) => setTimeout(r, 20));
    return this.trustedNow;
  }

  close(): void {
    this.closed = true;
  }
}
