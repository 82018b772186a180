import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { config } from '../config/config.js';
import { unauthenticated } from '../errors/domain-error.js';
import { ROLES, type Role, type Viewer } from './viewer.js';

const ALGORITHM = 'HS256';

function secretKey(): Uint8Array {
  return new TextEncoder().encode(config().JWT_SECRET);
}

export async function signAccessToken(viewer: Viewer, ttlSeconds = config().JWT_TTL_SECONDS): Promise<string> {
  const c = config();
  return new SignJWT({ kind: viewer.kind, role: viewer.role ?? undefined, storeId: viewer.storeId ?? undefined })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(viewer.id)
    .setIssuer(c.JWT_ISSUER)
    .setAudience(c.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secretKey());
}

/** Lifetime of a service token: the minimum of JWT_TTL_SECONDS, so never above it. */
const SERVICE_TOKEN_TTL_SECONDS = 300;

/** Short-lived token a subgraph presents to another one during a saga. */
export function signServiceToken(service: string): Promise<string> {
  return signAccessToken({ kind: 'service', id: `service:${service}`, role: null, storeId: null }, SERVICE_TOKEN_TTL_SECONDS);
}

/** The viewer a verified token names (its claims are trusted from here on). */
function viewerOf(payload: JWTPayload): Viewer {
  const id = payload.sub;
  if (!id) throw unauthenticated('Invalid token');
  if (payload.kind === 'service') return { kind: 'service', id, role: null, storeId: null };
  const role = payload.role as Role;
  if (!ROLES.includes(role)) throw unauthenticated('Invalid token');
  if (role === 'CUSTOMER') return { kind: 'customer', id, role, storeId: null };
  return { kind: 'staff', id, role, storeId: typeof payload.storeId === 'string' ? payload.storeId : null };
}

/**
 * Tokens already verified, each until the moment it would stop verifying: a
 * client sends the same token with every request, and the router and each
 * subgraph check it on every one (a WebCrypto HMAC and claim checks cost the
 * router several percent of its CPU). Only successes are kept; the secret is
 * fixed for the life of the process.
 */
const verified = new LRUCache<string, { viewer: Readonly<Viewer>; validUntilMs: number }>({ max: 10_000 });

export async function verifyAccessToken(token: string): Promise<Viewer> {
  const known = verified.get(token);
  if (known && Date.now() < known.validUntilMs) return { ...known.viewer };
  const c = config();
  try {
    const { payload } = await jwtVerify(token, secretKey(), {
      algorithms: [ALGORITHM],
      issuer: c.JWT_ISSUER,
      audience: c.JWT_AUDIENCE,
      clockTolerance: c.JWT_CLOCK_SKEW_SECONDS,
      // A token without an expiry, or issued in the future beyond the skew, is refused; so is
      // one older than the configured lifetime, whatever its exp says (a lowered TTL applies at once).
      requiredClaims: ['exp', 'iat', 'sub'],
      maxTokenAge: c.JWT_TTL_SECONDS,
    });
    const viewer = viewerOf(payload);
    // What jwtVerify checks against the clock: expiry and maximum age, each with the skew.
    const validUntilMs = (Math.min(payload.exp!, payload.iat! + c.JWT_TTL_SECONDS) + c.JWT_CLOCK_SKEW_SECONDS) * 1000;
    verified.set(token, { viewer: Object.freeze({ ...viewer }), validUntilMs });
    return viewer;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Token expired');
    if (error instanceof joseErrors.JOSEError) throw unauthenticated('Invalid token');
    throw error;
  }
}

/** Reads `Authorization: Bearer <token>`; no header means an anonymous caller. */
export async function viewerFromAuthorization(header: string | undefined | null): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Malformed Authorization header');
  return verifyAccessToken(match[1]!);
}
