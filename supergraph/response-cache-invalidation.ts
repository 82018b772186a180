import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { viewerFromAuthorization } from '../platform/auth/access-token.js';
import { countInvalidations } from '../platform/cache/cache-metrics.js';
import { entityTag } from '../platform/response-cache/response-cache-key.js';
import { isValidTag } from '../platform/response-cache/response-cache-store.js';
import type { ResponseCache } from '../platform/response-cache/response-cache.js';
import { BodyError, readBody } from '../platform/server/graphql-http-handler.js';
import type { RouteHandler } from '../platform/server/http-service.js';

const request = z
  .object({
    tags: z.array(z.string().refine(isValidTag, 'a tag is 1 to 200 characters without spaces or "|"')).max(1_000).default([]),
    entities: z
      .array(z.object({ type: z.string().regex(/^[A-Za-z_]\w*$/), key: z.record(z.string(), z.unknown()) }))
      .max(1_000)
      .default([]),
  })
  .strict()
  .refine((r) => r.tags.length + r.entities.length > 0, 'name at least one tag or entity');

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

const failure = (res: ServerResponse, status: number, code: string, message: string) => reply(res, status, { errors: [{ message, extensions: { code } }] });

/**
 * POST /cache/invalidate, for operators (an HQ_ADMIN token): makes stale every
 * response cache entry with one of `tags`, or of one of `entities` (type and
 * key fields, as in a representation): `{"tags": ["catalog:search"],
 * "entities": [{"type": "Product", "key": {"id": "…"}}]}`.
 */
export function responseCacheInvalidationHandler(cache: ResponseCache | undefined): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return failure(res, 405, 'METHOD_NOT_ALLOWED', 'POST only');
    let viewer;
    try {
      viewer = await viewerFromAuthorization(req.headers.authorization);
    } catch {
      return failure(res, 401, 'UNAUTHENTICATED', 'invalid token');
    }
    if (!viewer) return failure(res, 401, 'UNAUTHENTICATED', 'an HQ_ADMIN token is required');
    if (viewer.role !== 'HQ_ADMIN') return failure(res, 403, 'FORBIDDEN', 'an HQ_ADMIN token is required');
    let parsed;
    try {
      parsed = request.safeParse(JSON.parse((await readBody(req, 256 * 1024)).toString('utf8')));
    } catch (error) {
      if (error instanceof BodyError) return failure(res, error.status, error.code, error.message);
      return failure(res, 400, 'BAD_USER_INPUT', 'the body is not JSON');
    }
    if (!parsed.success) return failure(res, 400, 'BAD_USER_INPUT', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const tags = [...parsed.data.tags, ...parsed.data.entities.map((e) => entityTag(e.type, e.key))];
    if (!cache) return reply(res, 200, { enabled: false, invalidated: 0 });
    if (!(await cache.invalidate(tags))) return failure(res, 503, 'SERVICE_UNAVAILABLE', 'the cache store is unreachable: it is bypassed until it can be reset');
    countInvalidations('operator', tags);
    reply(res, 200, { enabled: true, invalidated: tags.length });
  };
}
