import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { operationsOf, type Scenario } from '../lib/scenario.js';

/** Where the data files live (the k6 script reads the same ones). */
export const loadtestDir = path.resolve(import.meta.dirname, '..');
const scenariosDir = path.join(loadtestDir, 'scenarios');
const operationsDir = path.join(loadtestDir, 'operations');

/** Names of loadtest/scenarios/*.json, sorted. */
export function scenarioNames(): string[] {
  return readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Names of loadtest/operations/*.graphql (one operation per file, named like the file). */
export function operationNames(): string[] {
  return readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.slice(0, -'.graphql'.length))
    .sort();
}

export function readOperation(name: string): string {
  return readFileSync(path.join(operationsDir, `${name}.graphql`), 'utf8');
}

export interface LoadedScenario {
  name: string;
  scenario: Scenario;
  /** GraphQL document of every operation the scenario sends, setup included. */
  documents: Record<string, string>;
}

export function loadScenario(name: string): LoadedScenario {
  if (!scenarioNames().includes(name)) throw new Error(`unknown scenario ${name} (one of ${scenarioNames().join(', ')})`);
  const scenario = JSON.parse(readFileSync(path.join(scenariosDir, `${name}.json`), 'utf8')) as Scenario;
  const documents = Object.fromEntries(operationsOf(scenario).map((op) => [op, readOperation(op)]));
  return { name, scenario, documents };
}
