import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpReply } from './http-client.js';

export interface LoadSample {
  /** Order in which the request was started (0, 1, 2 …). */
  seq: number;
  kind: string;
  status: number;
  servedBy?: string;
  /** GraphQL error codes of the answer. */
  codes: string[];
  messages: string[];
  hasData: boolean;
  /** Transport failure or client timeout. */
  error?: string;
}

export interface LoadOptions {
  concurrency: number;
  /** Hard bound: the load never sends more than this many requests. */
  maxRequests: number;
  /** The request number `seq` (its kind names it in the samples). */
  send: (seq: number, agent: http.Agent) => { kind: string; reply: Promise<HttpReply> };
}

export interface Load {
  samples: LoadSample[];
  /** Number of requests started so far. */
  started(): number;
  /** Waits until `done(samples)` holds; fails when the load reaches maxRequests first. */
  until(what: string, done: (samples: LoadSample[]) => boolean): Promise<void>;
  /** Stops starting requests and waits for those in flight. */
  stop(): Promise<LoadSample[]>;
}

/** A sample that is not a complete, error-free GraphQL answer. */
export const failed = (s: LoadSample) => s.error !== undefined || s.status !== 200 || s.codes.length > 0 || !s.hasData;

/**
 * Continuous load: `concurrency` workers each send one request after the
 * other over keep-alive connections until stopped (bounded by maxRequests).
 */
export function startLoad(options: LoadOptions): Load {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const samples: LoadSample[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < options.maxRequests) {
      const seq = next++;
      const { kind, reply } = options.send(seq, agent);
      const sample: LoadSample = { seq, kind, status: 0, codes: [], messages: [], hasData: false };
      try {
        const res = await reply;
        sample.status = res.status;
        sample.servedBy = res.headers['x-served-by'] as string | undefined;
        try {
          const body = JSON.parse(res.body) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
          sample.hasData = body.data !== undefined && body.data !== null;
          sample.codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
          sample.messages = (body.errors ?? []).map((e) => e.message);
        } catch {
          sample.codes = ['NOT_JSON'];
        }
      } catch (error) {
        sample.error = (error as Error).message;
      }
      samples.push(sample);
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);
  const all = Promise.all(workers);
  return {
    samples,
    started: () => next,
    async until(what, done) {
      while (!done(samples)) {
        if (next >= options.maxRequests) throw new Error(`load ended (${options.maxRequests} requests) before: ${what}`);
        await sleep(25);
      }
    },
    async stop() {
      stopped = true;
      await all;
      agent.destroy();
      return samples.sort((a, b) => a.seq - b.seq);
    },
  };
}
