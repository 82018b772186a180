import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { RouteHandler } from '../platform/server/http-service.js';

/**
 * The built web app (web/dist, `npm run build:web`) as exact routes of the
 * router: index.html at every path of the app, and each built file at its
 * own path. Nothing else is claimed, so /graphql, /health, /ready, /metrics
 * and /playground/* keep their handlers. No build → no routes.
 */
export const webDistDir = path.resolve(import.meta.dirname, '../web/dist');

/** The app's paths, written into the build by web/vite.config.ts (the router imports nothing of web/). */
export const appRoutesFile = 'app-routes.json';

function appPathsOf(distDir: string): string[] {
  const file = path.join(distDir, appRoutesFile);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : ['/'];
}

const reserved = (p: string) => ['/graphql', '/health', '/ready', '/metrics'].includes(p) || p.startsWith('/playground/');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Same origin only: the app talks to /graphql and loads its own files. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function fileHandler(file: string, cacheControl: string): RouteHandler {
  const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return;
    }
    // Read on each request: a rebuilt index.html is picked up at once.
    const body = await readFile(file).catch(() => null);
    if (!body) {
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    res.setHeader('content-type', type);
    res.setHeader('cache-control', cacheControl);
    res.setHeader('x-content-type-options', 'nosniff');
    if (type.startsWith('text/html')) {
      res.setHeader('content-security-policy', contentSecurityPolicy);
      res.setHeader('referrer-policy', 'same-origin');
    }
    res.setHeader('content-length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

export function webAppRoutes(distDir: string = webDistDir): Record<string, RouteHandler> {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return {};
  const routes: Record<string, RouteHandler> = {};
  for (const relative of filesUnder(distDir)) {
    const urlPath = `/${relative}`;
    if (reserved(urlPath) || relative === appRoutesFile) continue;
    // Vite puts content hashes in asset names: cache them for good.
    routes[urlPath] = fileHandler(path.join(distDir, relative), relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  }
  const page = fileHandler(index, 'no-cache');
  for (const appPath of appPathsOf(distDir)) if (!reserved(appPath)) routes[appPath] = page;
  return routes;
}
