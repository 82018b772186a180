import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { describe, expect, it } from 'vitest';
import { isWorthSplitting, mergeEntityAnswers, planEntityBatches } from './entity-batches.js';
import type { RouterContext } from './router-context.js';
import { SubgraphDataSource } from './subgraph-data-source.js';

const product = (id: string) => ({ __typename: 'Product', id });

describe('entity fetches in batches of distinct representations', () => {
  it('when the gateway asks for the same entities many times, then each is sent once, in batches no larger than the bound', () => {
    const asked = Array.from({ length: 1000 }, (_, i) => product(`p${i % 120}`));
    const plan = planEntityBatches(asked, 50);
    expect(plan.batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(new Set(plan.batches.flat().map((r) => JSON.stringify(r))).size).toBe(120);
    expect(isWorthSplitting(plan)).toBe(true);
    expect(plan.slots).toHaveLength(1000);
  });

  it('when a fetch has no duplicates and fits one batch, then it is left as it is', () => {
    expect(isWorthSplitting(planEntityBatches([product('a'), product('b')], 10))).toBe(false);
  });

  it('when the batches are answered, then the entities come back in the order asked, each place with its own copy', () => {
    const asked = [product('a'), product('b'), product('a'), product('c'), product('b')];
    const plan = planEntityBatches(asked, 2);
    const answers = plan.batches.map((batch) => ({ data: { _entities: batch.map((r) => ({ name: `name of ${(r as { id: string }).id}` })) } }));
    const merged = mergeEntityAnswers(plan, answers);
    expect(merged.data?._entities).toEqual(['a', 'b', 'a', 'c', 'b'].map((id) => ({ name: `name of ${id}` })));
    expect(merged.data!._entities![0]).not.toBe(merged.data!._entities![2]);
    expect(merged.errors).toBeUndefined();
  });

  it('when the batches come with what each entity was declared cacheable as, then every place asked gets its entity\'s declaration (duplicates included)', () => {
    const asked = [product('a'), product('b'), product('a'), product('c')];
    const plan = planEntityBatches(asked, 2);
    const declared = (id: string) => (id === 'c' ? null : { maxAge: 60, scope: 'PUBLIC', tags: [`catalog:product:${id}`] });
    const answers = plan.batches.map((batch) => ({
      data: { _entities: batch.map((r) => ({ name: (r as { id: string }).id })) },
      extensions: { cacheable: { entities: batch.map((r) => declared((r as { id: string }).id)) } },
    }));
    expect(mergeEntityAnswers(plan, answers).extensions).toEqual({ cacheable: { entities: ['a', 'b', 'a', 'c'].map(declared) } });
    expect(mergeEntityAnswers(plan, answers.map(({ data }) => ({ data }))).extensions).toBeUndefined();
  });

  it('when a batch fails, then its entities are null, an entity error points at the first place it was asked, and the same error of several batches comes once', () => {
    const asked = [product('a'), product('b'), product('c'), product('b')];
    const plan = planEntityBatches(asked, 1);
    const refused = { message: 'Not allowed', extensions: { code: 'FORBIDDEN' } };
    const merged = mergeEntityAnswers(plan, [
      { data: { _entities: [{ name: 'A' }] }, errors: [refused] },
      { data: { _entities: [null] }, errors: [{ message: 'gone', path: ['_entities', 0, 'name'] }, refused] },
      { data: null, errors: [refused] },
    ]);
    expect(merged.data?._entities).toEqual([{ name: 'A' }, null, null, null]);
    expect(merged.errors).toEqual([refused, { message: 'gone', path: ['_entities', 1, 'name'] }]);
  });
});

describe('the router data source', () => {
  it('when the gateway hands it an _entities fetch with duplicates, then the subgraph gets distinct representations in bounded fetches and the gateway its answer in order', async () => {
    const bodies: Array<{ representations: Array<{ id: string }> }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const { variables } = JSON.parse(body) as { variables: { representations: Array<{ id: string }> } };
        bodies.push(variables);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { _entities: variables.representations.map((r) => ({ __typename: 'Product', name: `name of ${r.id}` })) } }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const options = { subgraph: 'catalog', timeoutMs: 5_000, attemptTimeoutMs: 5_000, retries: 0, retryDelayMs: 1, breakerThreshold: 100, breakerOpenMs: 60_000 };
      const source = new SubgraphDataSource('catalog', url, options, 3);
      const ids = ['a', 'b', 'a', 'c', 'd', 'b', 'e', 'a'];
      const request = { query: 'query Q__catalog__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{name}}}', variables: { representations: ids.map(product) } };
      const answer = await source.process({ kind: 'incoming operation', request, incomingRequestContext: {}, context: {} } as unknown as GraphQLDataSourceProcessOptions<RouterContext>);
      expect((answer.data as { _entities: unknown[] })._entities).toEqual(ids.map((id) => ({ __typename: 'Product', name: `name of ${id}` })));
      expect(bodies.map((b) => b.representations.length).sort()).toEqual([2, 3]);
      expect(bodies.flatMap((b) => b.representations.map((r) => r.id)).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
