/** Types of scenario.js for the Node runner and the tests (the module itself stays plain JS for k6). */

export interface Step {
  operation: string;
  /** A session, or the name of a login group (any of its sessions); none = anonymous. */
  as?: unknown;
  let?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  /** Name under which the step's data is kept for later steps. */
  save?: string;
}

export interface Flow {
  name: string;
  weight: number;
  let?: Record<string, unknown>;
  steps: Step[];
}

export interface Thresholds {
  errorRate: number;
  p95: number;
  p99: number;
  minRps?: number;
}

export interface Scenario {
  description: string;
  data?: Record<string, unknown[]>;
  setup?: {
    logins?: Record<string, Array<string | { email: string; password: string }>>;
    restock?: { as: string; at: 'stores' | 'warehouse' | 'locations'; below: number; to: number };
  };
  thresholds?: Record<string, Partial<Thresholds>>;
  flows: Flow[];
}

export interface Answer {
  ok: boolean;
  data: any;
  codes: string[];
  message: string;
}

export interface Session {
  email: string;
  role: string;
  store: { id: string; code: string } | null;
  token: string;
}

export interface SetupData {
  scope: Record<string, any>;
}

export interface FlowRequest {
  operation: string;
  variables: Record<string, unknown>;
  token: string | null;
}

export interface RunningFlow {
  name: string;
  done(): boolean;
  next(): FlowRequest;
  record(answer: Answer): void;
}

export type Send = (operation: string, variables: Record<string, unknown>, token: string | null) => Answer | Promise<Answer>;

export function graphqlUrl(baseUrl: string): string;
export function evaluate(value: unknown, scope: Record<string, unknown>): any;
export function readResponse(status: number, body: string): Answer;
export function operationsOf(scenario: Scenario): string[];
export function startFlow(scenario: Scenario, data: SetupData, keyPrefix: string): RunningFlow;
export function setupScenario(
  scenario: Scenario,
  options: { productIds?: string[]; sessions?: Record<string, Session> },
  send: Send,
): SetupData | Promise<SetupData>;
