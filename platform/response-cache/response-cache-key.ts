import { createHash } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';

/** Whom a cached answer may be served to: everyone, callers of the same role and store, or the same user. */
export type CacheScope = 'PUBLIC' | 'ROLE_AND_STORE' | 'USER';

export const CACHE_SCOPES: readonly CacheScope[] = ['PUBLIC', 'ROLE_AND_STORE', 'USER'];

/** A fetch is served to the narrowest audience any of its fields allows (USER narrower than ROLE_AND_STORE, narrower than PUBLIC). */
export function narrowestScope(scopes: readonly CacheScope[]): CacheScope {
  return scopes.reduce<CacheScope>((a, b) => (CACHE_SCOPES.indexOf(b) > CACHE_SCOPES.indexOf(a) ? b : a), 'PUBLIC');
}

/**
 * The part of a key naming who may be served the entry, from the verified
 * identity: anonymous callers share one per scope. Undefined: never cache
 * (a service acting inside a saga).
 */
export function scopePart(scope: CacheScope, viewer: Viewer | null): string | undefined {
  if (viewer?.kind === 'service') return undefined;
  if (scope === 'PUBLIC') return 'public';
  if (!viewer) return 'anonymous';
  if (scope === 'ROLE_AND_STORE') return `role:${viewer.role}:${viewer.storeId ?? '-'}`;
  return `user:${viewer.kind}:${viewer.id}`;
}

/** JSON with object keys sorted: the same key fields in any order give the same text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(object[k])}`)
    .join(',')}}`;
}

export interface ResponseCacheKeyParts {
  /** The supergraph's hash: a new schema never reads entries of the old one. */
  schema: string;
  subgraph: string;
  /** Query (a root fetch) or the entity type. */
  type: string;
  /** A root fetch: its variables; an entity: its representation (key fields) and the other variables. */
  keyFields: unknown;
  /** The fetch's query text, as the query planner wrote it. */
  selection: string;
  /** scopePart() of the declared scope. */
  scope: string;
}

/** `<subgraph>:<type>:<scope>:<hash>`: readable where it matters for operators (by subgraph, type, scope), hashed for the rest. */
export function responseCacheKey(parts: ResponseCacheKeyParts): string {
  const hash = createHash('sha256').update(parts.schema).update('\0').update(parts.selection).update('\0').update(stableJson(parts.keyFields)).digest('base64url');
  return `${parts.subgraph}:${parts.type}:${parts.scope}:${hash}`;
}

/**
 * Every cached entity carries this tag, so an operator can make one entity
 * stale by type and key (POST /cache/invalidate) without knowing its tags.
 */
export function entityTag(type: string, key: Record<string, unknown>): string {
  const { __typename: _, ...fields } = key;
  return `entity:${type}:${createHash('sha256').update(stableJson(fields)).digest('base64url').slice(0, 22)}`;
}
