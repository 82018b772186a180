import { SignJWT, decodeJwt, type JWTPayload } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { config } from '../config/config.js';
import { signAccessToken, signServiceToken, verifyAccessToken, viewerFromAuthorization } from './access-token.js';

const code = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { extensions?: { code?: string } }) => error.extensions?.code,
  );

const now = () => Math.floor(Date.now() / 1000);

/** A token with the configured secret, issuer and audience unless the claims say otherwise. */
function craft(claims: JWTPayload, alg = 'HS256', secret = config().JWT_SECRET): Promise<string> {
  return new SignJWT({ kind: 'staff', role: 'HQ_ADMIN', sub: 'x', iss: config().JWT_ISSUER, aud: config().JWT_AUDIENCE, iat: now(), exp: now() + 600, ...claims })
    .setProtectedHeader({ alg })
    .sign(new TextEncoder().encode(secret));
}

describe('access tokens', () => {
  it('when a staff token is signed and verified, then the same viewer comes back', async () => {
    const viewer = { kind: 'staff', id: 'u1', role: 'CLERK', storeId: 's1' } as const;
    expect(await verifyAccessToken(await signAccessToken(viewer))).toEqual(viewer);
  });

  it('when a service token is verified, then it is a service viewer without a role', async () => {
    expect(await verifyAccessToken(await signServiceToken('sales'))).toEqual({ kind: 'service', id: 'service:sales', role: null, storeId: null });
  });

  it('when a token is signed with another secret, then it is UNAUTHENTICATED', async () => {
    const forged = await new SignJWT({ kind: 'staff', role: 'HQ_ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config().JWT_ISSUER)
      .setAudience(config().JWT_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    expect(await code(verifyAccessToken(forged))).toBe('UNAUTHENTICATED');
  });

  it('when a token has expired beyond the allowed skew, then it is UNAUTHENTICATED', async () => {
    const expired = await new SignJWT({ kind: 'customer', role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('c1')
      .setIssuer(config().JWT_ISSUER)
      .setAudience(config().JWT_AUDIENCE)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
      .sign(new TextEncoder().encode(config().JWT_SECRET));
    expect(await code(verifyAccessToken(expired))).toBe('UNAUTHENTICATED');
  });

  it('when a token uses the "none" algorithm, then it is UNAUTHENTICATED', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', kind: 'staff', role: 'HQ_ADMIN', iss: config().JWT_ISSUER, aud: config().JWT_AUDIENCE })).toString('base64url');
    expect(await code(verifyAccessToken(`${header}.${payload}.`))).toBe('UNAUTHENTICATED');
  });

  it('when the Authorization header is absent, then the caller is anonymous; when malformed, UNAUTHENTICATED', async () => {
    expect(await viewerFromAuthorization(undefined)).toBeNull();
    expect(await code(viewerFromAuthorization('Token abc'))).toBe('UNAUTHENTICATED');
  });

  it('when a token is crafted like ours, then it verifies (the refusals below differ from it in one claim only)', async () => {
    expect(await verifyAccessToken(await craft({}))).toMatchObject({ kind: 'staff', id: 'x', role: 'HQ_ADMIN' });
  });

  it('when a token is signed with another HMAC algorithm and the right secret, then it is UNAUTHENTICATED (HS256 only)', async () => {
    expect(await code(verifyAccessToken(await craft({}, 'HS512')))).toBe('UNAUTHENTICATED');
    expect(await code(verifyAccessToken(await craft({}, 'HS384')))).toBe('UNAUTHENTICATED');
  });

  it('when a token has no expiry, then it is UNAUTHENTICATED', async () => {
    expect(await code(verifyAccessToken(await craft({ exp: undefined })))).toBe('UNAUTHENTICATED');
  });

  it('when a token has no issued-at time, then it is UNAUTHENTICATED', async () => {
    expect(await code(verifyAccessToken(await craft({ iat: undefined })))).toBe('UNAUTHENTICATED');
  });

  it('when a token is issued or valid only in the future beyond the clock skew, then it is UNAUTHENTICATED; within the skew it is accepted', async () => {
    const skew = config().JWT_CLOCK_SKEW_SECONDS;
    expect(await code(verifyAccessToken(await craft({ iat: now() + skew + 60 })))).toBe('UNAUTHENTICATED');
    expect(await code(verifyAccessToken(await craft({ nbf: now() + skew + 60 })))).toBe('UNAUTHENTICATED');
    expect(await code(verifyAccessToken(await craft({ iat: now() + skew - 10, nbf: now() + skew - 10 })))).toBe('resolved');
  });

  it('when a token was issued longer ago than the configured lifetime, then it is UNAUTHENTICATED whatever its expiry says', async () => {
    const issued = now() - config().JWT_TTL_SECONDS - config().JWT_CLOCK_SKEW_SECONDS - 60;
    expect(await code(verifyAccessToken(await craft({ iat: issued, exp: now() + 3600 })))).toBe('UNAUTHENTICATED');
  });

  it('when a token names another issuer or audience, then it is UNAUTHENTICATED', async () => {
    expect(await code(verifyAccessToken(await craft({ iss: 'someone-else' })))).toBe('UNAUTHENTICATED');
    expect(await code(verifyAccessToken(await craft({ aud: 'another-api' })))).toBe('UNAUTHENTICATED');
  });

  describe('a token verified before (kept so that each request does not verify it again)', () => {
    afterEach(() => vi.useRealTimers());

    it('when it is presented again after its expiry and the skew, then it is UNAUTHENTICATED', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const token = await craft({ exp: now() + 60 });
      expect(await code(verifyAccessToken(token))).toBe('resolved');
      vi.setSystemTime(Date.now() + (60 + config().JWT_CLOCK_SKEW_SECONDS + 1) * 1000);
      expect(await code(verifyAccessToken(token))).toBe('UNAUTHENTICATED');
    });

    it('when it is presented again once older than the configured lifetime, then it is UNAUTHENTICATED whatever its expiry says', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const token = await craft({ exp: now() + 10 * config().JWT_TTL_SECONDS });
      expect(await code(verifyAccessToken(token))).toBe('resolved');
      vi.setSystemTime(Date.now() + (config().JWT_TTL_SECONDS + config().JWT_CLOCK_SKEW_SECONDS + 1) * 1000);
      expect(await code(verifyAccessToken(token))).toBe('UNAUTHENTICATED');
    });

    it('when its viewer is changed by a caller, then the next verification still returns the claims', async () => {
      const token = await craft({ role: 'CLERK', storeId: 's1' });
      const first = await verifyAccessToken(token);
      Object.assign(first, { role: 'HQ_ADMIN', storeId: null });
      expect(await verifyAccessToken(token)).toEqual({ kind: 'staff', id: 'x', role: 'CLERK', storeId: 's1' });
    });
  });

  it('when a token is issued, then it lives JWT_TTL_SECONDS (1 h by default), a service token 5 minutes', async () => {
    const lifetime = (token: string) => ((claims) => claims.exp! - claims.iat!)(decodeJwt(token));
    expect(lifetime(await signAccessToken({ kind: 'customer', id: 'c', role: 'CUSTOMER', storeId: null }))).toBe(3600);
    expect(lifetime(await signServiceToken('sales'))).toBe(300);
  });
});
