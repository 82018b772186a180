import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * What a Kubernetes Service does for the replicas of one subgraph, on
 * loopback: one port in front of several, each new TCP connection to the
 * next ready replica in turn (kube-proxy balances connections, not
 * requests). A replica taken out (its pod terminating) gets no new
 * connections while those it has go on; a connection a dead replica refuses
 * is tried on the next one.
 */
export interface ServiceBalancer {
  name: string;
  port: number;
  /** Replica ports that get new connections. */
  endpoints(): number[];
  add(port: number): void;
  remove(port: number): void;
  close(): Promise<void>;
}

export async function startServiceBalancer(name: string, port: number, endpoints: readonly number[], host = '127.0.0.1'): Promise<ServiceBalancer> {
  const ready: number[] = [...endpoints];
  const open = new Set<Socket>();
  let next = 0;

  // Each connection starts at the next replica in turn and tries the others from there, each once: a global
  // counter per attempt let the retries of connections opened together land on the dead replica again.
  const forward = (client: Socket, start: number, attempt: number) => {
    if (attempt >= ready.length || client.destroyed) {
      client.destroy();
      return;
    }
    const target = ready[(start + attempt) % ready.length]!;
    const upstream = connect({ port: target, host });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && !upstream.bytesWritten) forward(client, start, attempt + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    forward(client, next++, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  return {
    name,
    port,
    endpoints: () => [...ready],
    add(replica) {
      if (!ready.includes(replica)) ready.push(replica);
    },
    remove(replica) {
      const at = ready.indexOf(replica);
      if (at >= 0) ready.splice(at, 1);
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}
