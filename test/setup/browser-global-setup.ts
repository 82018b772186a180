import type { TestProject } from 'vitest/node';
import { buildWebIfStale } from '../../tools/web/build-web.js';
import startSystem from './e2e-global-setup.js';

/**
 * Browser tests: the web app built (when web/dist is missing or older than
 * its sources), then the whole system exactly as for the end-to-end tests —
 * a fresh database with the demo data, every subgraph and the router, which
 * serves the app at `/`.
 */
export default async function setup(project: TestProject) {
  buildWebIfStale();
  return startSystem(project);
}
