import { createServer } from 'node:net';
import { subgraphs } from '../../contracts/subgraphs.js';

/**
 * Ports this process has handed out. Each is released at once so a service
 * can listen on it later, and the kernel may then give the same one again:
 * two services of one system on one port (the second fails to listen, and
 * its readiness check reaches the first — a CI run's sales replica turned
 * out to be a catalog one). A port is handed out once per process.
 */
const handedOut = new Set<number>();

/** A port nothing listens on right now and this process has not handed out before (the kernel picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await kernelPort(host);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True when a server may listen on host:port. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Fails with the names of the ports already taken (another stack, `npm start` …). */
export async function assertPortsFree(ports: Record<string, number>, host = '127.0.0.1'): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portIsFree(port, host))) taken.push(`${name}=${port}`);
  if (taken.length) throw new Error(`ports already in use on ${host}: ${taken.join(', ')} (stop what uses them or choose other ports)`);
}

/** ROUTER_PORT and every subgraph's port on free ports: a whole system beside any other. */
export async function freeServicePorts(): Promise<Record<string, string>> {
  const names = ['ROUTER_PORT', ...subgraphs.map((s) => s.portKey)];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  return ports;
}
