import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDir } from './service-build.js';
import { isAlive } from './stack-state.js';
import { createServer } from 'node:http';
import { freePort } from './ports.js';
import { SERVICE_MALLOC_ENV, SERVICE_NODE_ARGS, SERVICE_NODE_OPTIONS, serviceMemoryEnv, spawnService, waitUntilReady } from './service-process.js';

describe('service memory settings', () => {
  it('when nothing is set, then services get two malloc arenas, a fixed mmap threshold and the old-space limit', () => {
    expect(serviceMemoryEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', NODE_OPTIONS: SERVICE_NODE_OPTIONS });
  });

  it('when the caller sets NODE_OPTIONS or MALLOC_ARENA_MAX, then theirs win (NODE_OPTIONS: after ours, so a later flag overrides)', () => {
    const env = serviceMemoryEnv({ NODE_OPTIONS: '--max-old-space-size=512 --enable-source-maps', MALLOC_ARENA_MAX: '4' });
    expect(env.NODE_OPTIONS).toBe(`${SERVICE_NODE_OPTIONS} --max-old-space-size=512 --enable-source-maps`);
    expect(env.MALLOC_ARENA_MAX).toBe('4');
  });
});

// Each test starts Node processes (esbuild, the service), slow on a busy machine.
describe('service processes', { timeout: 60_000 }, () => {
  it('when a service starts, then Node accepts its V8 flags and it runs with them and the memory environment', async () => {
    const scratch = path.join(buildDir, 'test-sources', randomUUID());
    mkdirSync(scratch, { recursive: true });
    try {
      const entry = path.join(scratch, 'entry.ts');
      writeFileSync(entry, 'console.log(JSON.stringify({ execArgv: process.execArgv, arenas: process.env.MALLOC_ARENA_MAX, nodeOptions: process.env.NODE_OPTIONS }));\n');
      const output = path.join(scratch, 'output.json');
      const fd = openSync(output, 'w');
      let code: number | null;
      try {
        const service = spawnService('flags', entry, { PATH: process.env.PATH }, 'http://127.0.0.1:1', fd);
        code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
      } finally {
        closeSync(fd);
      }
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual({ execArgv: [...SERVICE_NODE_ARGS], arenas: SERVICE_MALLOC_ENV.MALLOC_ARENA_MAX, nodeOptions: SERVICE_NODE_OPTIONS });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('when a service runs, then its command line contains the script it names (what stack:down matches against reused pids)', async () => {
    const scratch = path.join(buildDir, 'test-sources', randomUUID());
    mkdirSync(scratch, { recursive: true });
    const entry = path.join(scratch, 'waiting.ts');
    writeFileSync(entry, 'setInterval(() => undefined, 1000);\n');
    const service = spawnService('waiting', entry, { PATH: process.env.PATH }, 'http://127.0.0.1:1', 'ignore');
    try {
      await new Promise((resolve) => service.child.once('spawn', resolve));
      expect(isAlive(service.child.pid!, service.script)).toBe(true);
      // The entry is bundled: its TypeScript path is not on the command line.
      expect(isAlive(service.child.pid!, 'waiting.ts')).toBe(false);
    } finally {
      await service.stop('SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
    }
    expect(isAlive(service.child.pid!, service.script)).toBe(false);
  });

  it('when another kind of service already answers on the port of the one started, then waiting for it fails instead of taking that answer for its own', async () => {
    const port = await freePort();
    const squatter = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ready', service: 'catalog' })));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const scratch = path.join(buildDir, 'test-sources', randomUUID());
    mkdirSync(scratch, { recursive: true });
    const entry = path.join(scratch, 'starting.ts');
    writeFileSync(entry, 'setInterval(() => undefined, 1000);\n');
    const service = spawnService('sales-2', entry, { PATH: process.env.PATH }, `http://127.0.0.1:${port}`, 'ignore');
    try {
      await expect(waitUntilReady(service, 20_000)).rejects.toThrow(/answered by a catalog service, not by the sales just started/);
    } finally {
      await service.stop('SIGKILL');
      await new Promise((resolve) => squatter.close(resolve));
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
