import type { IncomingMessage } from 'node:http';

/** Longer values are no address (a client writing its own header). */
const MAX_LENGTH = 64;

const withoutIpv4Mapping = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/**
 * The caller's address, forwarded to subgraphs (x-client-address) for the
 * login limits: the last X-Forwarded-For entry, which is the one our Nginx
 * appended (the address it saw; entries before it come from the client),
 * else the socket's peer. A router reachable without Nginx would trust a
 * client's own header: in production only Nginx reaches the routers.
 */
export function clientAddress(req: IncomingMessage): string {
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .at(-1);
  const address = forwarded && forwarded.length <= MAX_LENGTH ? forwarded : req.socket.remoteAddress;
  return address ? withoutIpv4Mapping(address) : 'unknown';
}
