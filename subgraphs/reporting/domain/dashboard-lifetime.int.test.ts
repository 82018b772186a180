import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { answerLifetimeCap, withAnswerLifetime } from '../../../platform/response-cache/answer-lifetime.js';
import { createContext } from '../context.js';
import { closeReportCache } from '../data-access/report-cache.js';
import { disconnectReportingDb } from '../data-access/reporting-database.js';
import { settings } from '../test-support/settings.js';
import { getDailyRevenue, getDashboard, getRevenueDays } from './get-dashboard.use-case.js';
import { addDays, dayOf, nextDayStart } from './report-rules.js';

afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await closeReportCache();
  await disconnectReportingDb();
});

const admin: Viewer = { kind: 'staff', id: 'admin', role: 'HQ_ADMIN', storeId: null };
const ctx = () => createContext({ viewer: admin, logger: createLogger('dashboard-lifetime-test') }, settings);
const zone = settings.timeZone;
const store = '51000000-0000-4000-8000-000000000001';

/** The cap the request's work left on its answer. */
const capOf = (work: () => Promise<unknown>) =>
  withAnswerLifetime(async () => {
    await work();
    return answerLifetimeCap();
  });

describe('how long a cached dashboard may live (the router caches what the subgraph declares)', () => {
  it('when the dashboard is computed 30 s before its report day ends, then its answer may be cached 30 s at most (never into the next day)', async () => {
    const today = dayOf(new Date(), zone);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(nextDayStart(today, zone) - 30_000);
    expect(await capOf(() => getDashboard(ctx()))).toBe(30);
    // Served from reporting's own cache the second time: capped all the same.
    expect(await capOf(() => getDashboard(ctx()))).toBe(30);
  });

  it('when a dashboard\'s series are resolved for a day that has already ended, then the answer may not be cached at all', async () => {
    const yesterday = addDays(dayOf(new Date(), zone), -1);
    expect(await capOf(async () => getRevenueDays(ctx(), yesterday, 7))).toBeLessThanOrEqual(0);
    expect(await capOf(() => getDailyRevenue(ctx(), store, yesterday, 7))).toBeLessThanOrEqual(0);
  });
});
