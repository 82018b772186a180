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
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.stack.test.ts', '**/*.browser.test.ts', '**/*.compose.test.ts', '**/*.replicas.test.ts'],
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
        // compose.yaml in Docker with the real image (test/compose): one file at a time, last (groupOrder):
        // its load tests need the machine to themselves as much as the replicas tests do.
        resolve,
        test: {
          name: 'compose',
          include: ['**/*.compose.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/compose-global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        // Two processes of every subgraph and two routers behind Nginx, one PostgreSQL and one Redis (test/replicas):
        // what running on Kubernetes with several replicas needs to hold. After the other projects (groupOrder):
        // twelve Node processes do not share two cores with the other suites.
        resolve,
        test: {
          name: 'replicas',
          include: ['**/*.replicas.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/stack-global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
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
