import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, supergraphFile } from './composition.js';

describe('supergraph composition', () => {
  it('when the subgraph schemas are composed, then there are no errors and no significant hints', async () => {
    const outcome = await composeSupergraph();
    expect(outcome.errors).toEqual([]);
    expect(outcome.significantHints.map((h) => `${h.definition.code}: ${h.message}`)).toEqual([]);
  });

  it('when the committed supergraph.graphql is compared with a fresh composition, then it is up to date (run npm run compose)', async () => {
    const outcome = await composeSupergraph();
    expect(await readFile(supergraphFile, 'utf8')).toBe(outcome.supergraphSdl);
  });
});
