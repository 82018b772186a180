import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../platform/config/config.js';
import { configKeyComments } from '../../tools/docs/config-comments.js';
import { configRows, configurationDoc, formatDefault, renderConfigTable, TABLE_END, TABLE_START, withConfigTable } from '../../tools/docs/config-table.js';

const root = path.resolve(import.meta.dirname, '../..');
const committed = readFileSync(configurationDoc, 'utf8');

// Set for the processes the launcher and tests start, not settings of ours.
const systemVariables = new Set(['PATH', 'NODE_OPTIONS', 'MALLOC_ARENA_MAX']);

/** The variables every script, test and tool reads from process.env (the services read through config.ts only). */
function environmentReads(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'generated', 'prisma-client', 'dist'].includes(entry.name) || entry.name.startsWith('.')) return [];
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return environmentReads(file);
    if (!/\.(ts|tsx|js|mjs)$/.test(entry.name)) return [];
    return [...readFileSync(file, 'utf8').matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)].map((m) => m[1] ?? m[2]!);
  });
}

/** The variables the hand-written table of docs/configuration.md names. */
function handWrittenVariables(): Set<string> {
  const section = committed.slice(committed.indexOf('## Tests and tools only'));
  return new Set([...section.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)));
}

describe('configuration table (docs/configuration.md)', () => {
  it('when the config schema, a default or a key comment changes, then the committed table must be regenerated', () => {
    const generated = withConfigTable(committed, renderConfigTable(configRows()));
    // Compared line by line, so a failure shows the rows that differ.
    expect(committed.split('\n'), 'docs/configuration.md is stale: run `npm run docs:config`').toEqual(generated.split('\n'));
  });

  it('when the schema is read, then every key has a row in schema order', () => {
    expect(configRows().map((row) => row.key)).toEqual(Object.keys(configSchema.shape));
  });

  it('when a key has a JSDoc comment, then that comment is its description on one line; a // note or a comment of another key is not', () => {
    const source = [
      'export const configSchema = z.object({',
      '  /**',
      '   * Port of the',
      '   * router.',
      '   */',
      '  ROUTER_PORT: port(4000),',
      '  // a note for developers',
      '  HOST: z.string().default("127.0.0.1"),',
      '  /** Old. */',
      '  /** Closest. */',
      "  'QUOTED_KEY': z.string(),",
      '}).strict();',
    ].join('\n');
    expect([...configKeyComments(source)]).toEqual([
      ['ROUTER_PORT', 'Port of the router.'],
      ['HOST', ''],
      ['QUOTED_KEY', 'Closest.'],
    ]);
  });

  it('when the schema spreads other keys in, then reading its comments fails rather than leave keys out', () => {
    expect(() => configKeyComments('export const configSchema = z.object({ ...other, A: x });')).toThrow(/only hold plain keys/);
  });

  it('when a key has no description, then the table is refused and the key named', () => {
    expect(() => renderConfigTable([{ key: 'A', defaultValue: 1, description: 'Documented.' }, { key: 'B', defaultValue: undefined, description: '' }])).toThrow(/JSDoc comment .*: B$/);
  });

  it('when a default is unset, empty, a list, a map, a flag or a number, then it reads as it would be set in the environment', () => {
    expect([undefined, '', [], {}, ['a', 'b'], { reporting: 20000, catalog: 3000 }, true, 100, 'x|y'].map(formatDefault)).toEqual([
      '–',
      '–',
      '–',
      '–',
      '`a,b`',
      '`reporting=20000,catalog=3000`',
      '`true`',
      '`100`',
      '`x\\|y`',
    ]);
  });

  it('when the table is rewritten, then only the part between the markers changes; without markers it is refused', () => {
    const doc = `before\n${TABLE_START}\nold table\n${TABLE_END}\nafter\n`;
    expect(withConfigTable(doc, 'new table')).toBe(`before\n${TABLE_START}\nnew table\n${TABLE_END}\nafter\n`);
    expect(() => withConfigTable('no markers', 'new table')).toThrow(/markers/);
  });

  it('when a script, test or tool reads an environment variable, then the schema or the hand-written table documents it', () => {
    const documented = new Set([...Object.keys(configSchema.shape), ...handWrittenVariables(), ...systemVariables]);
    const undocumented = [...new Set(environmentReads())].filter((name) => !documented.has(name)).sort();
    expect(undocumented, 'add them to the "Tests and tools only" table of docs/configuration.md').toEqual([]);
  });
});
