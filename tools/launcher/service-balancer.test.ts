import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './ports.js';
import { startServiceBalancer, type ServiceBalancer } from './service-balancer.js';

/** Two tiny replicas that answer with their own name, behind a balancer. */
const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of opened.splice(0)) await thing.close();
});

async function replica(name: string): Promise<{ port: number; server: http.Server }> {
  const server = http.createServer((_req, res) => res.end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push({ close: () => new Promise((resolve) => server.close(resolve)) });
  return { port: (server.address() as AddressInfo).port, server };
}

async function balancerOver(ports: number[]): Promise<ServiceBalancer> {
  const balancer = await startServiceBalancer('test', await freePort(), ports);
  opened.push(balancer);
  return balancer;
}

/** One request on a connection of its own (as a new client connection is balanced). */
const ask = async (port: number, agent?: http.Agent) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, agent: agent ?? false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

describe('service balancer', () => {
  it('when clients open connections, then they go to the replicas in turn', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const balancer = await balancerOver([a.port, b.port]);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(balancer.port));
    expect(answers.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  it('when a replica is taken out, then new connections go to the others while its open connection keeps working', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const balancer = await balancerOver([a.port, b.port]);
    const kept = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await ask(balancer.port, kept);
    balancer.remove(first === 'a' ? a.port : b.port);
    for (let i = 0; i < 4; i++) expect(await ask(balancer.port)).not.toBe(first);
    expect(await ask(balancer.port, kept)).toBe(first);
    kept.destroy();
  });

  it('when a replica refuses connections (it died), then the connection is made to the next one', async () => {
    const a = await replica('a');
    const balancer = await balancerOver([await freePort(), a.port]);
    for (let i = 0; i < 4; i++) expect(await ask(balancer.port)).toBe('a');
  });

  it('when many connections open at once while a replica refuses, then each is tried on every replica once and all reach the live one', async () => {
    const a = await replica('a');
    const balancer = await balancerOver([await freePort(), a.port]);
    // Connections opened together: their retries interleave with the others' first attempts.
    for (let round = 0; round < 5; round++) expect(await Promise.all(Array.from({ length: 8 }, () => ask(balancer.port)))).toEqual(Array(8).fill('a'));
  });
});
