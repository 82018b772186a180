import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutesFile, webAppRoutes } from './web-app.js';

const appPaths = ['/', '/signin', '/till', '/sale'];

describe('serving the built web app', () => {
  let dist: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets/index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dist, appRoutesFile), JSON.stringify(appPaths));
    const routes = webAppRoutes(dist);
    server = createServer((req, res) => {
      const handler = routes[(req.url ?? '/').split('?')[0]!];
      if (!handler) {
        res.statusCode = 404;
        res.end();
        return;
      }
      void handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when there is no build, then no route is claimed', () => {
    expect(webAppRoutes(path.join(tmpdir(), 'no-such-web-dist'))).toEqual({});
  });

  it('when the app is built, then every app path answers index.html with a same-origin CSP and no caching', async () => {
    for (const appPath of appPaths) {
      const res = await fetch(`${base}${appPath}?id=x`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('when a path is not listed in the build\'s app routes, then the app does not claim it', () => {
    const routes = webAppRoutes(dist);
    expect(routes['/dashboard']).toBeUndefined();
    expect(routes[`/${appRoutesFile}`]).toBeUndefined();
  });

  it('when a hashed asset is asked for, then it is served with its type and cached for good', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('when reserved or unknown paths are asked for, then the app claims none of them', () => {
    const routes = webAppRoutes(dist);
    for (const p of ['/graphql', '/health', '/ready', '/metrics', '/playground/graphiql.js', '/assets/../index.html', '/nope']) expect(routes[p]).toBeUndefined();
  });

  it('when a route is called with POST, then 405 and nothing is served', async () => {
    const res = await fetch(`${base}/till`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
