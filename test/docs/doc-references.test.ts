import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchors, markdownLinks, quotedPaths } from '../../tools/docs/markdown-references.js';

const root = path.resolve(import.meta.dirname, '../..');

// Installed, generated or run-time folders: never documentation, and too big to walk.
const notWalked = new Set(['node_modules', '.git', '.data', '.build', 'prisma-client', 'generated', 'dist']);
// Written by `npm run bench`, not by hand: its paths are the bench's business.
const generatedDocs = new Set(['loadtest/results/bench.md']);

/** Every file and folder of the project (relative, '/'-separated), for the checks and the globs. */
function projectEntries(dir = root, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (notWalked.has(entry.name)) return [];
    const relative = prefix + entry.name;
    return entry.isDirectory() ? [relative, ...projectEntries(path.join(dir, entry.name), `${relative}/`)] : [relative];
  });
}

const entries = projectEntries();
const documents = entries.filter((entry) => entry.endsWith('.md') && !generatedDocs.has(entry));
// A quoted word is a repository path when it starts with a top-level folder of ours (not `.data/…`, `/graphql`, `http://…`).
const roots = new Set(readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && !notWalked.has(e.name)).map((e) => e.name));

/** `bench.{md,json}` → both; `test/fault/*.e2e.test.ts` → a pattern over the project's entries. */
function globMatches(pattern: string): boolean {
  const braces = /\{([^{}]*)\}/.exec(pattern);
  if (braces) return braces[1]!.split(',').every((choice) => globMatches(pattern.replace(braces[0], choice)));
  if (!pattern.includes('*')) return existsSync(path.join(root, pattern));
  const regex = new RegExp(`^${pattern.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
  return entries.some((entry) => regex.test(entry));
}

/** What a document names that is not there: `file:line: reason` each. */
function brokenReferences(document: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const link of markdownLinks(markdown)) {
    const target = path.join(path.dirname(path.join(root, document)), link.target);
    const shown = `${link.target}${link.anchor === undefined ? '' : `#${link.anchor}`}`;
    if (link.target && !existsSync(target)) broken.push(`${document}:${link.line}: link to ${shown}: no such file`);
    else if (link.anchor !== undefined && !headingAnchors(link.target ? readFileSync(target, 'utf8') : markdown).has(link.anchor)) broken.push(`${document}:${link.line}: link to ${shown}: no such heading`);
  }
  for (const quoted of quotedPaths(markdown, roots)) {
    if (!globMatches(quoted.path)) broken.push(`${document}:${quoted.line}: ${quoted.path}: no such path`);
  }
  return broken;
}

describe('documentation references', () => {
  it('when the documentation is read, then README, CONTRIBUTING, docs/ and the bench history are among the documents checked', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/configuration.md', 'loadtest/results/HISTORY.md']));
  });

  it('when a document links to a file or a heading, or quotes a repository path, then it exists', () => {
    const broken = documents.flatMap((document) => brokenReferences(document, readFileSync(path.join(root, document), 'utf8')));
    expect(broken, 'fix the documentation where it names what is not there').toEqual([]);
  });

  it('when a document names a missing file, folder, glob or heading, then each is reported with its line', () => {
    const markdown = [
      '# Title',
      'See [the guide](CONTRIBUTING.md), [nowhere](docs/nowhere.md), [a section](#title) and [no section](README.md#no-such-heading).',
      'Code: `subgraphs/sales/resolvers.ts`, `subgraphs/sales/no-such-file.ts`, `test/fault/*.e2e.test.ts`, `test/fault/*.nothing.ts`.',
      'Not paths: `/graphql`, `.data/postgres`, `subgraphs/<name>/server.ts`, `http://localhost:4000/`.',
      '```sh',
      'npm ci --prefix loadtest/no-such-folder',
      '```',
    ].join('\n');
    expect(brokenReferences('README.md', markdown)).toEqual([
      'README.md:2: link to docs/nowhere.md: no such file',
      'README.md:2: link to README.md#no-such-heading: no such heading',
      'README.md:3: subgraphs/sales/no-such-file.ts: no such path',
      'README.md:3: test/fault/*.nothing.ts: no such path',
      'README.md:6: loadtest/no-such-folder: no such path',
    ]);
  });

  it('when headings repeat or hold code and punctuation, then their anchors are the ones GitHub makes', () => {
    const anchors = headingAnchors('# Benchmark: `npm run bench`\n## With Docker: `compose.yaml`\n## Tests\n## Tests\n```\n# not a heading\n```');
    expect([...anchors]).toEqual(['benchmark-npm-run-bench', 'with-docker-composeyaml', 'tests', 'tests-1']);
  });
});
