import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../platform/config/config.js';

/** Docker cannot run on our machines: compose.yaml is checked for consistency instead. */
const root = path.resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: string; command?: string[]; environment?: Record<string, string | number>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown }>;
};
const services = compose.services;
const nodeServices = Object.entries(services).filter(([, s]) => s.build);
const configKeys = new Set([...Object.keys(configSchema.shape), 'SERVICE_PORT']);

describe('compose.yaml', () => {
  it('when a Node service is built, then its Dockerfile and its entry file exist', () => {
    expect(existsSync(path.join(root, 'Dockerfile'))).toBe(true);
    for (const [name, service] of nodeServices) {
      const entry = service.command?.find((arg) => arg.endsWith('.ts'));
      expect({ name, exists: entry ? existsSync(path.join(root, entry)) : false }).toEqual({ name, exists: true });
    }
  });

  it('when a Node service is configured, then every variable is one the config module knows', () => {
    for (const [name, service] of nodeServices) {
      const unknown = Object.keys(service.environment ?? {}).filter((key) => !configKeys.has(key));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });

  it('when services depend on each other, then the dependency exists and long-running ones are healthy first', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} → ${dependency}`).toBeDefined();
        expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect(services[dependency]!.healthcheck, dependency).toBeDefined();
      }
    }
  });

  it('when a subgraph URL is given to the others, then it points at that service and the port it listens on', () => {
    const env = services.router!.environment!;
    for (const subgraph of ['catalog', 'inventory', 'sales', 'accounts']) {
      const url = new URL(String(env[`${subgraph.toUpperCase()}_URL`]));
      expect(url.hostname).toBe(subgraph);
      expect(String(services[subgraph]!.environment![`${subgraph.toUpperCase()}_PORT`])).toBe(url.port);
    }
  });
});
