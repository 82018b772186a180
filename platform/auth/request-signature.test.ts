import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signatureHeaders, verifySignature, withSubgraphSignature, type SignableRequest } from './request-signature.js';

const secret = 'a-shared-secret-of-at-least-32-characters';
const t0 = Date.parse('2026-03-01T12:00:00Z');

/** A request as the subgraph sees it: the given headers (lower-case names) plus whatever was signed. */
function request(headers: Record<string, string>, body = '{"query":"{ categories }"}', method = 'POST', path = '/graphql'): SignableRequest {
  return { method, path, body, header: (name) => headers[name] };
}

function signed(headers: Record<string, string> = { authorization: 'Bearer staff-token' }, body?: string, nowMs = t0): Record<string, string> {
  return { ...headers, ...signatureHeaders(request(headers, body), secret, nowMs) };
}

const check = (req: SignableRequest, nowMs = t0, key = secret) => verifySignature(req, key, 60, nowMs);

describe('subgraph request signatures', () => {
  it('when a request is signed and checked unchanged, then it passes', () => {
    expect(check(request(signed()))).toEqual({ ok: true });
    expect(check(request(signed({}, ''), ''))).toEqual({ ok: true });
  });

  it('when the body is changed after signing, then it is refused as invalid', () => {
    expect(check(request(signed(), '{"query":"mutation { createProduct }"}'))).toEqual({ ok: false, reason: 'The request signature is invalid' });
  });

  it('when the authorization header is swapped, added or removed after signing, then it is refused as invalid', () => {
    const headers = signed();
    expect(check(request({ ...headers, authorization: 'Bearer admin-token' }))).toMatchObject({ ok: false });
    const { authorization: _removed, ...withoutToken } = headers;
    expect(check(request(withoutToken))).toMatchObject({ ok: false });
    expect(check(request({ ...signed({}), authorization: 'Bearer admin-token' }))).toMatchObject({ ok: false });
  });

  it('when the client address is changed or added after signing, then it is refused as invalid', () => {
    const headers = signed({ authorization: 'Bearer t', 'x-client-address': '203.0.113.7' });
    expect(check(request(headers))).toEqual({ ok: true });
    expect(check(request({ ...headers, 'x-client-address': '198.51.100.1' }))).toMatchObject({ ok: false });
    expect(check(request({ ...signed(), 'x-client-address': '198.51.100.1' }))).toMatchObject({ ok: false });
  });

  it('when the method or path differ from what was signed, then it is refused as invalid', () => {
    const headers = signed();
    expect(check(request(headers, undefined, 'GET'))).toMatchObject({ ok: false });
    expect(check(request(headers, undefined, 'POST', '/graphql?x=1'))).toMatchObject({ ok: false });
  });

  it('when the request was signed with another secret, then it is refused as invalid', () => {
    expect(check(request(signed()), t0, 'another-secret-of-at-least-32-characters!')).toEqual({ ok: false, reason: 'The request signature is invalid' });
  });

  it('when the timestamp is older or further in the future than the window, then it is refused as stale; inside the window it passes', () => {
    const headers = signed();
    expect(check(request(headers), t0 + 61_000)).toMatchObject({ ok: false, reason: expect.stringContaining('stale') });
    expect(check(request(headers), t0 - 61_000)).toMatchObject({ ok: false, reason: expect.stringContaining('stale') });
    expect(check(request(headers), t0 + 59_000)).toEqual({ ok: true });
  });

  it('when the timestamp is moved into the window after signing, then it is refused as invalid (it is signed too)', () => {
    const old = signed(undefined, undefined, t0 - 3_600_000);
    expect(check(request({ ...old, [SIGNATURE_TIMESTAMP_HEADER]: String(t0 / 1000) }))).toEqual({ ok: false, reason: 'The request signature is invalid' });
  });

  it('when the signature or its timestamp is missing or malformed, then it is refused with a clear reason', () => {
    const { [SIGNATURE_HEADER]: _s, ...noSignature } = signed();
    const { [SIGNATURE_TIMESTAMP_HEADER]: _t, ...noTimestamp } = signed();
    expect(check(request(noSignature))).toMatchObject({ ok: false, reason: expect.stringContaining('signature is missing') });
    expect(check(request(noTimestamp))).toMatchObject({ ok: false, reason: expect.stringContaining('signature is missing') });
    expect(check(request({ ...signed(), [SIGNATURE_HEADER]: 'v1=abc' }))).toMatchObject({ ok: false, reason: 'The request signature is invalid' });
    expect(check(request({ ...signed(), [SIGNATURE_TIMESTAMP_HEADER]: '12e9' }))).toMatchObject({ ok: false, reason: expect.stringContaining('stale') });
  });

  it('when a caller signs with withSubgraphSignature, then its headers keep theirs, lower-cased, and verify against the URL path and body', () => {
    const body = JSON.stringify({ query: '{ me { id } }' });
    const headers = withSubgraphSignature('http://127.0.0.1:4104/graphql', { method: 'POST', headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' }, body }, secret);
    expect(headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
    expect(verifySignature(request(headers, body), secret, 60)).toEqual({ ok: true });
  });
});
