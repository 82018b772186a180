import { Redis } from 'ioredis';

/**
 * Deletes the keys starting with `prefix` (SCAN + UNLINK), nothing else: how
 * a throwaway system (tests, `npm run load`, `npm run bench`) leaves a shared
 * Redis as it found it. Best effort; a short prefix is refused.
 */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  if (!prefix || prefix.length < 8) throw new Error(`Refusing to delete keys under the short prefix ${JSON.stringify(prefix)}`);
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await client.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // best effort
  } finally {
    client.disconnect();
  }
}
