import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The rows of the use-case index: `| UC1 | … |`, each cell's inline code. */
function useCaseRows(): Array<{ id: string; code: string[] }> {
  return readme
    .split('\n')
    .filter((line) => /^\| UC\d+ \|/.test(line))
    .map((line) => ({ id: /UC\d+/.exec(line)![0], code: [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) }));
}

describe('README', () => {
  it('when README.md is read, then it is at most 200 lines (the rest lives in docs/)', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  });

  it('when the Quickstart is read, then it gives the two commands: install and start, and test', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('when the use-case index is read, then UC1 … UC8 come in order, each with the code that runs it and a test that proves it, all existing', () => {
    const rows = useCaseRows();
    expect(rows.map((row) => row.id)).toEqual(['UC1', 'UC2', 'UC3', 'UC4', 'UC5', 'UC6', 'UC7', 'UC8']);
    for (const row of rows) {
      const files = row.code.filter((text) => /^(subgraphs|web|test)\/\S+\.tsx?$/.test(text));
      const code = files.filter((file) => !/\.test\.ts$/.test(file));
      const tests = files.filter((file) => /\.test\.ts$/.test(file));
      expect(code.length, `${row.id} names the file of its use case`).toBeGreaterThan(0);
      expect(tests.length, `${row.id} names a test that proves it`).toBeGreaterThan(0);
      // UC1–UC7 are subgraph flows: at least one of their files is a use case of the domain layer.
      if (row.id !== 'UC8') expect(code.some((file) => /^subgraphs\/[a-z-]+\/domain\/[a-z-]+\.use-case\.ts$/.test(file)), `${row.id} names a *.use-case.ts`).toBe(true);
      for (const file of files) expect(existsSync(path.join(root, file)), `${row.id}: ${file} exists`).toBe(true);
    }
  });
});
