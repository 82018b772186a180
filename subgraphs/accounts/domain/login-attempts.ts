import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { cacheRedisClient } from '../../../platform/cache/redis-cache-store.js';
import type { Config } from '../../../platform/config/config.js';

export interface LoginAttemptLimits {
  maxPerAccount: number;
  maxPerAddress: number;
  windowSeconds: number;
}

/**
 * Failed logins counted per account (normalized email) and per client
 * address over a fixed window (rate-limiter-flexible). Only failures count,
 * so a busy till or a test suite signing in all day from one address is
 * never slowed; a success clears its account's count.
 */
export class LoginAttempts {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(
    private readonly limits: LoginAttemptLimits,
    store: { redis: Redis; keyPrefix: string } | null,
  ) {
    this.byAccount = limiter(limits.maxPerAccount, limits.windowSeconds, store, 'account');
    this.byAddress = limiter(limits.maxPerAddress, limits.windowSeconds, store, 'address');
  }

  /** Seconds until a login for this account or from this address may be tried again; 0 when it may now. */
  async retryAfter(account: string, address: string | undefined): Promise<number> {
    const [byAccount, byAddress] = await Promise.all([
      this.byAccount.get(account),
      address ? this.byAddress.get(address) : null,
    ]);
    const wait = (res: typeof byAccount, max: number) => (res && res.consumedPoints >= max ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0);
    return Math.max(wait(byAccount, this.limits.maxPerAccount), wait(byAddress, this.limits.maxPerAddress));
  }

  async failed(account: string, address: string | undefined): Promise<void> {
    await Promise.all([this.byAccount.penalty(account), address ? this.byAddress.penalty(address) : null]);
  }

  async succeeded(account: string): Promise<void> {
    await this.byAccount.delete(account);
  }
}

/**
 * With Redis the counts are shared by every accounts replica; should Redis
 * fail, an in-process count stands in (insuranceLimiter) until it is back.
 */
function limiter(points: number, duration: number, store: { redis: Redis; keyPrefix: string } | null, kind: string): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: `login:${kind}` });
  if (!store) return memory;
  return new RateLimiterRedis({ storeClient: store.redis, points, duration, keyPrefix: `${store.keyPrefix}login:${kind}`, insuranceLimiter: memory });
}

export function loginAttemptLimits(c: Config): LoginAttemptLimits {
  return { maxPerAccount: c.LOGIN_MAX_FAILURES_PER_ACCOUNT, maxPerAddress: c.LOGIN_MAX_FAILURES_PER_ADDRESS, windowSeconds: c.LOGIN_FAILURE_WINDOW_SECONDS };
}

/** A process's counts, from its configuration: Redis with REDIS_URL, otherwise in process (accounts-subgraph.ts makes one). */
export function createLoginAttempts(c: Config): LoginAttempts {
  return new LoginAttempts(loginAttemptLimits(c), c.REDIS_URL ? { redis: cacheRedisClient(c.REDIS_URL, c.CACHE_TIMEOUT_MS), keyPrefix: c.REDIS_KEY_PREFIX } : null);
}
