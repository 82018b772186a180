import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET, DEV_SUBGRAPH_SIGNING_SECRET, loadConfig } from './config.js';

const ownSecrets = { JWT_SECRET: 'a'.repeat(40), SUBGRAPH_SIGNING_SECRET: 'b'.repeat(40) };

describe('configuration', () => {
  it('when nothing is set outside production, then the development secrets, a 1 h token lifetime, a 30 s skew and a 60 s signature window apply', () => {
    expect(loadConfig({})).toMatchObject({
      JWT_SECRET: DEV_JWT_SECRET,
      SUBGRAPH_SIGNING_SECRET: DEV_SUBGRAPH_SIGNING_SECRET,
      JWT_TTL_SECONDS: 3600,
      JWT_CLOCK_SKEW_SECONDS: 30,
      SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS: 60,
    });
  });

  it('when production runs with the development JWT secret, then the configuration is refused and names it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...ownSecrets, JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET: the development default must not be used in production/);
  });

  it('when production runs with the development subgraph signing secret (or with no secrets at all), then the configuration is refused and names them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...ownSecrets, SUBGRAPH_SIGNING_SECRET: DEV_SUBGRAPH_SIGNING_SECRET })).toThrow(/SUBGRAPH_SIGNING_SECRET: the development default/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: .*SUBGRAPH_SIGNING_SECRET: /);
  });

  it('when production has its own secrets, then it starts', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...ownSecrets })).toMatchObject({ NODE_ENV: 'production', ...ownSecrets });
  });

  it('when a secret is empty and its file is named, then it is read from the file (trimmed), and a set value wins over the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-secrets-'));
    try {
      writeFileSync(path.join(dir, 'jwt'), `${'c'.repeat(64)}\n`);
      writeFileSync(path.join(dir, 'signing'), 'd'.repeat(64));
      const files = { JWT_SECRET_FILE: path.join(dir, 'jwt'), SUBGRAPH_SIGNING_SECRET_FILE: path.join(dir, 'signing') };
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: '', SUBGRAPH_SIGNING_SECRET: '', ...files })).toMatchObject({ JWT_SECRET: 'c'.repeat(64), SUBGRAPH_SIGNING_SECRET: 'd'.repeat(64) });
      expect(loadConfig({ NODE_ENV: 'production', ...ownSecrets, ...files })).toMatchObject(ownSecrets);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a secret file is named but cannot be read, then the configuration is refused naming it (no fallback to the default)', () => {
    expect(() => loadConfig({ JWT_SECRET_FILE: '/nonexistent/jwt-secret' })).toThrow(/JWT_SECRET_FILE: cannot read \/nonexistent\/jwt-secret \(ENOENT\)/);
  });

  it('when a secret is shorter than 32 characters, then the configuration is refused in any mode', () => {
    expect(() => loadConfig({ SUBGRAPH_SIGNING_SECRET: 'short' })).toThrow(/SUBGRAPH_SIGNING_SECRET/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('when the token lifetime, clock skew or signature window exceed their caps, then the configuration is refused', () => {
    expect(() => loadConfig({ JWT_TTL_SECONDS: String(8 * 3600 + 1) })).toThrow(/JWT_TTL_SECONDS/);
    expect(() => loadConfig({ JWT_TTL_SECONDS: '299' })).toThrow(/JWT_TTL_SECONDS/);
    expect(() => loadConfig({ JWT_CLOCK_SKEW_SECONDS: '301' })).toThrow(/JWT_CLOCK_SKEW_SECONDS/);
    expect(() => loadConfig({ SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS: '601' })).toThrow(/SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS/);
    expect(loadConfig({ JWT_TTL_SECONDS: '900', JWT_CLOCK_SKEW_SECONDS: '0' })).toMatchObject({ JWT_TTL_SECONDS: 900, JWT_CLOCK_SKEW_SECONDS: 0 });
  });
});
