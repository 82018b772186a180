/** Types of profiles.js for the Node runner and the tests (the module itself stays plain JS for k6). */
import type { Scenario, Thresholds } from './scenario.js';

export interface Profile {
  description: string;
  startVUs: number;
  stages: Array<{ duration: string; target: number }>;
  thresholds: Thresholds;
}

export interface Phase {
  connections: number;
  seconds: number;
}

export const profiles: Record<'smoke' | 'baseline' | 'stress' | 'spike' | 'soak', Profile>;
export function seconds(duration: string): number;
export function profileNamed(name: string): Profile;
export function thresholdsOf(profileName: string, scenario?: Scenario): Thresholds;
export function phasesOf(profileName: string, totalSeconds?: number): Phase[];
export function k6Options(scenarioName: string, profileName: string, scenario: Scenario): {
  scenarios: Record<string, { executor: string; startVUs: number; stages: Profile['stages'] }>;
  thresholds: Record<string, string[]>;
  [option: string]: unknown;
};
