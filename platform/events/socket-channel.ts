import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { EventBus } from './event-bus.js';
import { serveEventBusOverIpc, type IpcChannel } from './ipc-event-bus.js';

/**
 * The IPC channel of IpcEventBus over a local socket (a Unix domain socket,
 * or a named pipe on Windows): one JSON message per line. The launcher
 * serves its in-process bus on one; every process it starts connects to it
 * (EVENT_BUS=ipc, EVENT_BUS_SOCKET), whoever started them and however.
 */

export class LineChannel extends EventEmitter implements IpcChannel {
  private buffer = '';
  constructor(private readonly socket: net.Socket) {
    super();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        if (line) this.emit('message', JSON.parse(line));
      }
    });
    socket.on('error', () => undefined);
  }
  get connected() {
    return !this.socket.destroyed;
  }
  send(message: unknown) {
    this.socket.write(`${JSON.stringify(message)}\n`);
    return true;
  }
}

/** A fresh socket path (short enough for the Unix limit of about 100 characters). */
export function localSocketPath(name = 'retail-event-bus'): string {
  const id = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  return process.platform === 'win32' ? `\\\\?\\pipe\\${name}-${id}` : path.join(os.tmpdir(), `${name}-${id}.sock`);
}

export interface LocalSocketServer {
  socketPath: string;
  /** Closes every connection, stops listening and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Listens on a local socket; `onConnection` gets each process's channel and
 * returns what to do when that connection closes.
 */
export async function serveLocalSocket(socketPath: string, onConnection: (channel: LineChannel, socket: net.Socket) => () => void): Promise<LocalSocketServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const closed = onConnection(new LineChannel(socket), socket);
    socket.once('close', () => {
      sockets.delete(socket);
      closed();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    socketPath,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (process.platform !== 'win32') rmSync(socketPath, { force: true });
    },
  };
}

/** Serves a bus on a local socket, to any number of processes. */
export function serveEventBusOnSocket(bus: EventBus, socketPath = localSocketPath()): Promise<LocalSocketServer> {
  return serveLocalSocket(socketPath, (channel) => serveEventBusOverIpc(bus, channel));
}

/**
 * A client end that connects on first use and again after the connection
 * dropped; calls made while it is down fail (their callers retry).
 */
export function connectEventBusSocket(socketPath: string): IpcChannel & { close(): void } {
  const emitter = new EventEmitter();
  let socket: net.Socket | undefined;
  let channel: LineChannel | undefined;
  let closed = false;
  const forward = (message: unknown) => emitter.emit('message', message);
  const open = () => {
    socket = net.createConnection(socketPath);
    channel = new LineChannel(socket);
    channel.on('message', forward);
    const current = socket;
    current.on('close', () => {
      if (socket === current) {
        socket = undefined;
        channel = undefined;
        // Calls in flight on the dead connection will never be answered.
        emitter.emit('disconnect');
      }
    });
  };
  return {
    get connected() {
      return !closed;
    },
    send(message: unknown) {
      if (closed) throw new Error('The event bus connection is closed');
      if (!socket) open();
      return channel!.send(message);
    },
    on(event: 'message' | 'disconnect', listener: (message: unknown) => void) {
      emitter.on(event, listener);
      return this;
    },
    off(event: 'message' | 'disconnect', listener: (message: unknown) => void) {
      emitter.off(event, listener);
      return this;
    },
    close() {
      closed = true;
      socket?.destroy();
    },
  };
}
