/**
 * What no answer to any input may show: a server error, a stack trace,
 * source positions, Prisma's invocation text or SQL, or an internal error
 * code (bad input is the client's, never INTERNAL_SERVER_ERROR).
 */
const LEAKS: Array<[string, RegExp]> = [
  ['stack frame', /\n\s*at \S[^\n]*(\(|:\d+:\d+)/],
  ['source position', /\.(ts|js|mjs|cjs):\d+:\d+/],
  ['Prisma text', /invocation in|Database error|prisma/i],
  ['SQL', /\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+"?\w+"?\s+SET|DELETE\s+FROM)\b/i],
  ['module path', /node_modules/],
];

export interface Answer {
  status: number | null;
  text: string;
}

function internalCodes(text: string): boolean {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
    return (body.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  } catch {
    return false;
  }
}

/** Everything wrong with one answer; empty when it is a clean refusal or a clean result. */
export function problemsOf(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status !== null && answer.status >= 500) problems.push(`status ${answer.status}`);
  for (const [what, pattern] of LEAKS) if (pattern.test(answer.text)) problems.push(what);
  if (internalCodes(answer.text)) problems.push('INTERNAL_SERVER_ERROR');
  return problems;
}

export interface HttpCase {
  name: string;
  method?: string;
  /** Path and query string; /graphql when absent. */
  target?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** Sends a case with fetch (its framing is always honest: see raw-http.ts for the rest). */
export async function sendCase(baseUrl: string, c: HttpCase): Promise<Answer> {
  const res = await fetch(new URL(c.target ?? '/graphql', baseUrl), { method: c.method ?? 'POST', headers: c.headers, body: c.body as RequestInit['body'], redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}
