import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

const request = (headers: IncomingMessage['headers'], remoteAddress?: string) => ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('client address', () => {
  it('when Nginx appended the address it saw to X-Forwarded-For, then that last entry is the client, whatever the client wrote before it', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '10.9.9.9, 203.0.113.7' }, '127.0.0.1'))).toBe('203.0.113.7');
    expect(clientAddress(request({ 'x-forwarded-for': '198.51.100.4' }, '127.0.0.1'))).toBe('198.51.100.4');
  });

  it('when there is no X-Forwarded-For, then the socket peer is the client (IPv4-mapped IPv6 written as IPv4)', () => {
    expect(clientAddress(request({}, '::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(clientAddress(request({}, '::1'))).toBe('::1');
    expect(clientAddress(request({}))).toBe('unknown');
  });

  it('when the forwarded entry is implausibly long, then the socket peer is used instead', () => {
    expect(clientAddress(request({ 'x-forwarded-for': 'x'.repeat(65) }, '192.0.2.1'))).toBe('192.0.2.1');
  });
});
