import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startHttpService } from './http-service.js';

/** Graceful shutdown of every router and subgraph, on a real HTTP server. */
function get(port: number, path: string, agent?: http.Agent): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      })
      .on('error', reject);
  });
}

describe('HTTP service shutdown', () => {
  it('when it shuts down with a request in flight and an idle keep-alive connection, then it refuses new connections, answers both on their connections with Connection: close, and closes pools after the last one', async () => {
    const events: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const service = await startHttpService({
      name: 'shutdown-test',
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      routes: {
        '/slow': async (_req, res) => {
          events.push('slow started');
          await released;
          res.end('slow done');
          events.push('slow answered');
        },
        '/fast': (_req, res) => void res.end('fast'),
      },
      onShutdown: async () => void events.push('pools closed'),
      drainGraceMs: 10_000,
    });
    const idle = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(service.port, '/fast', idle)).connection).toBe('keep-alive');

    const slow = get(service.port, '/slow', busy);
    while (!events.includes('slow started')) await new Promise((r) => setTimeout(r, 5));
    const stopped = service.shutdown().then(() => events.push('stopped'));

    // No new connection is accepted (a proxy retries those on another replica)…
    await expect(get(service.port, '/fast')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // …but the idle keep-alive connection still carries one last request, answered and then closed.
    const onIdle = await get(service.port, '/ready', idle);
    expect(onIdle).toMatchObject({ status: 503, connection: 'close' });

    // The in-flight request finishes, also closing its connection; only then are the pools closed.
    expect(events).not.toContain('pools closed');
    release();
    expect(await slow).toMatchObject({ status: 200, connection: 'close', body: 'slow done' });
    await stopped;
    expect(events).toEqual(['slow started', 'slow answered', 'pools closed', 'stopped']);
    idle.destroy();
    busy.destroy();
  });

  it('when idle keep-alive connections are never used again, then they are closed after the grace period and shutdown completes', async () => {
    const service = await startHttpService({
      name: 'shutdown-idle-test',
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      routes: { '/fast': (_req, res) => void res.end('fast') },
      drainGraceMs: 100,
    });
    const agent = new http.Agent({ keepAlive: true });
    await Promise.all([get(service.port, '/fast', agent), get(service.port, '/fast', agent)]);
    const sockets = Object.values(agent.freeSockets).flat();
    expect(sockets.length).toBe(2);
    const closed = Promise.all(sockets.map((s) => new Promise((resolve) => s!.once('close', resolve))));
    await service.shutdown();
    await closed;
    agent.destroy();
  });
});
