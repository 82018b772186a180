import { defineConfig } from 'vitest/config';

/**
 * Three kinds of tests, by suffix: `*.test.ts` unit, `*.int.test.ts` against
 * real PostgreSQL (and Redis), `*.e2e.test.ts` through the router.
 */
/**
 * Node loads graphql's CommonJS build (its package has no exports map, only
 * `main`), and so do Apollo Gateway and the other dependencies. Vite would
 * pick the `module` build for our own files: a second graphql whose
 * instanceof checks reject the first's schema types. One graphql, as in
 * production (every project repeats it: projects do not inherit `resolve`).
 */
const resolve = { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] };

export default defineConfig({
  test: {
    // Most test time is spent waiting on PostgreSQL, child processes and
    // browsers, not CPU: four workers on a 2-core machine took the full run
    // from about 15 to about 11 minutes, all green.
    maxWorkers: 4,
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.stack.test.ts', '**/*.browser.test.ts'],
        },
      },
      {
        resolve,
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
        resolve,
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
        resolve,
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
        resolve,
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
