/** Types of profiles.js for the Node runner and the tests (the module itself stays plain JS for k6). */
import type { Scenario, Thresholds } from './scenario.js';

export interface Profile {
  description: string;
  /** Closed model (virtual users): from startVUs along the stages. */
  startVUs?: number;
  stages?: Array<{ duration: string; target: number }>;
  /** Open model: `rate` iterations started per second for `duration`, at most `maxVUs` in flight. */
  executor?: 'constant-arrival-rate';
  rate?: number;
  duration?: string;
  preAllocatedVUs?: number;
  maxVUs?: number;
  thresholds: Thresholds;
}

export interface Arrivals {
  /** Iterations started per second. */
  rate: number;
  seconds: number;
  /** Iterations in flight at most; one more is dropped. */
  maxInFlight: number;
}

export interface Phase {
  connections: number;
  seconds: number;
}

export const profiles: Record<'smoke' | 'baseline' | 'stress' | 'spike' | 'soak' | 'open', Profile>;
export function isOpenModel(profileName: string): boolean;
export function arrivalsOf(profileName: string, rate?: number, totalSeconds?: number): Arrivals;
export function seconds(duration: string): number;
export function profileNamed(name: string): Profile;
export function thresholdsOf(profileName: string, scenario?: Scenario): Thresholds;
export function phasesOf(profileName: string, totalSeconds?: number): Phase[];
export function k6Options(scenarioName: string, profileName: string, scenario: Scenario, overrides?: { rate?: number | string; duration?: string }): {
  scenarios: Record<string, { executor: string; startVUs?: number; stages?: Profile['stages']; rate?: number; duration?: string; maxVUs?: number }>;
  thresholds: Record<string, string[]>;
  [option: string]: unknown;
};
