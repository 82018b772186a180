import { defineConfig } from 'vitest/config';

/**
 * Three kinds of tests, by suffix: `*.test.ts` unit, `*.int.test.ts` against
 * real PostgreSQL (and Redis), `*.e2e.test.ts` through the router.
 */
export default defineConfig({
  test: {
    // Most test time is spent waiting on PostgreSQL, child processes and
    // browsers, not CPU: four workers on a 2-core machine took the full run
    // from about 15 to about 11 minutes, all green.
    maxWorkers: 4,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.stack.test.ts', '**/*.browser.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/int-global-setup.ts'],
          setupFiles: ['test/setup/int-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/e2e-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // The production topology without Docker: real Nginx over router replicas (test/stack).
        test: {
          name: 'stack',
          include: ['**/*.stack.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/stack-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // The web app in Debian's Chromium against the running system (test/browser).
        test: {
          name: 'browser',
          include: ['**/*.browser.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/browser-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
