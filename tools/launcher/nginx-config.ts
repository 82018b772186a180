import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The committed configuration: valid for compose as it is, a template for the loopback stack. */
export const nginxTemplateFile = path.resolve(import.meta.dirname, '../../infra/nginx/nginx.conf');

export function readNginxTemplate(): string {
  return readFileSync(nginxTemplateFile, 'utf8');
}

export interface NginxConfigOptions {
  /** `listen` argument of the public server, e.g. `127.0.0.1:8080`. */
  listen?: string;
  /** Router replicas as `host:port`; their max_fails/fail_timeout stay those of the template. */
  upstreams?: readonly string[];
  /** Origins whose browsers may read answers (CORS). */
  corsOrigins?: readonly string[];
  /** Per-client rate limit: sustained requests per second and the burst above it. */
  rateLimit?: { perSecond: number; burst: number };
  /** Addresses or networks allowed to read /nginx_status. */
  statusAllow?: readonly string[];
  /** Where a non-system Nginx keeps its pid, logs and temporary files; `user` only when started as root. */
  runtime?: { dir: string; user?: string; tempPaths?: readonly string[] };
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;
const ADDRESS = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;

/** Nginx temporary-file directives (a build may lack fastcgi, uwsgi or scgi). */
export const nginxTempPaths = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

function replaceBlock(text: string, name: string, lines: readonly string[]): string {
  const pattern = new RegExp(`^([ \\t]*)# ${name}:begin\\n[\\s\\S]*?^[ \\t]*# ${name}:end$`, 'm');
  const match = pattern.exec(text);
  if (!match) throw new Error(`nginx template: block "${name}" not found`);
  const indent = match[1]!;
  const body = [`${indent}# ${name}:begin`, ...lines.map((line) => `${indent}${line}`), `${indent}# ${name}:end`].join('\n');
  return text.slice(0, match.index) + body + text.slice(match.index + match[0].length);
}

/** The `# <name>:begin … # <name>:end` block of a configuration, without its markers and indentation. */
export function nginxBlock(text: string, name: string): string[] {
  const match = new RegExp(`^[ \\t]*# ${name}:begin\\n([\\s\\S]*?)^[ \\t]*# ${name}:end$`, 'm').exec(text);
  if (!match) throw new Error(`nginx configuration: block "${name}" not found`);
  return match[1]!
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Host:port of every router replica in the upstream block. */
export function nginxUpstreams(text: string): string[] {
  return nginxBlock(text, 'upstream-servers').map((line) => line.split(/\s+/)[1]!);
}

export function corsOriginLine(origin: string): string {
  if (!ORIGIN.test(origin)) throw new Error(`CORS origin "${origin}" is not scheme://host[:port]`);
  return `"${origin}" $http_origin;`;
}

/**
 * Fills the template's marked blocks. What an option leaves out stays as
 * committed, so rendering with no option gives the compose configuration.
 */
export function renderNginxConfig(template: string, options: NginxConfigOptions): string {
  let text = template;
  if (options.listen !== undefined) text = replaceBlock(text, 'public-listen', [`listen ${options.listen};`]);
  if (options.upstreams !== undefined) {
    if (options.upstreams.length === 0) throw new Error('nginx: at least one router replica');
    const first = nginxBlock(text, 'upstream-servers')[0] ?? 'server x;';
    const parameters = first.replace(/;$/, '').split(/\s+/).slice(2).join(' ');
    text = replaceBlock(
      text,
      'upstream-servers',
      options.upstreams.map((server) => {
        if (!HOST_PORT.test(server)) throw new Error(`nginx upstream "${server}" is not host:port`);
        return `server ${server}${parameters ? ` ${parameters}` : ''};`;
      }),
    );
  }
  if (options.corsOrigins !== undefined) text = replaceBlock(text, 'cors-origins', options.corsOrigins.map(corsOriginLine));
  if (options.rateLimit !== undefined) {
    const { perSecond, burst } = options.rateLimit;
    if (!Number.isInteger(perSecond) || perSecond < 1 || !Number.isInteger(burst) || burst < 0) throw new Error('nginx: rate limit must be whole numbers');
    text = text.replace(/rate=\d+r\/s/g, `rate=${perSecond}r/s`).replace(/burst=\d+/g, `burst=${burst}`);
  }
  if (options.statusAllow !== undefined) {
    text = replaceBlock(
      text,
      'status-allow',
      options.statusAllow.map((address) => {
        if (!ADDRESS.test(address)) throw new Error(`nginx status allow "${address}" is not an address or network`);
        return `allow ${address};`;
      }),
    );
  }
  if (options.runtime !== undefined) {
    const { dir, user, tempPaths = nginxTempPaths } = options.runtime;
    if (/[\s;'"{}]/.test(dir)) throw new Error(`nginx runtime directory "${dir}" must not contain spaces, quotes, braces or semicolons`);
    text = replaceBlock(text, 'main-runtime', [
      ...(user ? [`user ${user};`] : []),
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log warn;`,
    ]);
    text = replaceBlock(text, 'http-runtime', [
      `access_log ${dir}/logs/access.log json_access;`,
      ...tempPaths.map((name) => `${name}_temp_path ${dir}/tmp/${name};`),
    ]);
  }
  return text;
}
