import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/launcher/ports.js';
import { keepAliveFetch } from './keep-alive-fetch.js';

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, connections: () => connections };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error & { cause?: { code?: string } }) => ({ name: error.name, message: error.message, code: error.cause?.code }),
  );

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('keepAliveFetch', () => {
  it('when a JSON request is posted, then the server gets method, headers and body, and the answer reads like a fetch Response', async () => {
    const { url } = await serve((req, res, body) => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.statusCode = 201;
      res.end(JSON.stringify({ method: req.method, path: req.url, auth: req.headers.authorization, length: req.headers['content-length'], body }));
    });
    const body = JSON.stringify({ query: '{ é }' });
    const response = await keepAliveFetch(`${url}?x=1`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body });
    expect([response.ok, response.status, response.headers.get('Content-Type')]).toEqual([true, 201, 'application/json; charset=utf-8']);
    expect(await response.json()).toEqual({ method: 'POST', path: '/graphql?x=1', auth: 'Bearer t', length: String(Buffer.byteLength(body)), body });
  });

  it('when requests follow one another, then they share one kept-alive connection', async () => {
    const server = await serve((_, res) => res.end('{}'));
    for (let i = 0; i < 5; i++) await keepAliveFetch(server.url, { method: 'POST', body: '{}' });
    expect(server.connections()).toBe(1);
  });

  it('when the answer is not 2xx, then it resolves with ok false and the body', async () => {
    const { url } = await serve((_, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    const response = await keepAliveFetch(url, { method: 'POST', body: '{}' });
    expect([response.ok, response.status, await response.text()]).toEqual([false, 503, 'down']);
  });

  it('when nothing listens, then it fails like fetch: TypeError "fetch failed" caused by ECONNREFUSED', async () => {
    const port = await freePort();
    expect(await failureOf(keepAliveFetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', body: '{}' }))).toEqual({ name: 'TypeError', message: 'fetch failed', code: 'ECONNREFUSED' });
  });

  it('when the server cuts the connection mid-answer, then it fails with a connection reset', async () => {
    const { url } = await serve((_, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"data":');
      setTimeout(() => (res.socket as Socket).destroy(), 20);
    });
    expect(await failureOf(keepAliveFetch(url, { method: 'POST', body: '{}' }))).toEqual({ name: 'TypeError', message: 'fetch failed', code: 'ECONNRESET' });
  });

  it('when the signal fires before the answer, then it rejects with the signal reason (TimeoutError) and closes that request', async () => {
    let closed = false;
    const { url } = await serve((req) => req.socket.once('close', () => (closed = true)));
    expect(await failureOf(keepAliveFetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }))).toMatchObject({ name: 'TimeoutError' });
    await expect.poll(() => closed).toBe(true);
  });

  it('when the signal has already fired, then nothing is sent', async () => {
    const server = await serve((_, res) => res.end('{}'));
    const controller = new AbortController();
    controller.abort();
    expect(await failureOf(keepAliveFetch(server.url, { method: 'POST', body: '{}', signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
    expect(server.connections()).toBe(0);
  });
});
