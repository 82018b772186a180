import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { config } from '../config/config.js';
import { signAccessToken, signServiceToken, verifyAccessToken, viewerFromAuthorization } from './access-token.js';

const code = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { extensions?: { code?: string } }) => error.extensions?.code,
  );

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
});
