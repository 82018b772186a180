import { createServer } from 'node:net';

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
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
  const names = ['ROUTER_PORT', 'CATALOG_PORT', 'INVENTORY_PORT', 'SALES_PORT', 'ACCOUNTS_PORT', 'REPORTING_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  return ports;
}
