import net from 'node:net';

export interface RawAnswer {
  /** Status of the first response, or null when the server closed without one. */
  status: number | null;
  text: string;
}

/**
 * Writes bytes on a bare TCP connection (what fetch refuses to send: lying
 * content-length, broken chunking, garbage request lines), optionally closes
 * the sending side, and reads whatever comes back until the server closes or
 * `waitMs` passes.
 */
export function rawExchange(baseUrl: string, parts: Array<string | Buffer>, options: { halfClose?: boolean; waitMs?: number } = {}): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : null, text });
    };
    const timer = setTimeout(finish, options.waitMs ?? 1_500);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      for (const part of parts) socket.write(part);
      if (options.halfClose) socket.end();
    });
  });
}
