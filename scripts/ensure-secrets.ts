import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * compose's `secrets-init` one-shot: makes sure a random value exists for
 * each secret in the given folder (a volume the services mount read-only
 * and read through `<NAME>_FILE`, platform/config/config.ts). A file that
 * exists is kept, so tokens stay valid across restarts; a new deployment
 * gets its own secrets instead of a default anyone could read.
 *
 *   node .build/scripts/ensure-secrets.js <folder>
 */
const SECRET_FILES = { JWT_SECRET: 'jwt-secret', SUBGRAPH_SIGNING_SECRET: 'subgraph-signing-secret' } as const;

function ensureSecrets(folder: string): Array<{ name: string; created: boolean }> {
  return Object.entries(SECRET_FILES).map(([name, file]) => {
    try {
      // `wx`: created only when absent, atomically; readable by the services' user alone.
      writeFileSync(path.join(folder, file), `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o400 });
      return { name, created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { name, created: false };
      throw error;
    }
  });
}

const folder = process.argv[2];
if (!folder) {
  console.error('usage: ensure-secrets <folder>');
  process.exit(2);
}
for (const { name, created } of ensureSecrets(folder)) console.log(`${name}: ${created ? 'generated' : 'kept'}`);
