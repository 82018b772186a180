import { readFileSync } from 'node:fs';
import { getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, parse, specifiedRules, typeFromAST, validate, type GraphQLInputType, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config/config.js';
import { apiSchema } from '../../supergraph/api-schema.js';
import { analyzeOperation } from '../../supergraph/operation-cost.js';
import { operationLimitRules, operationLimits } from '../../supergraph/operation-limits.js';
import { manifestOf, safelistPath } from '../../supergraph/operation-safelist.js';
import { shippedOperations } from './shipped-operations.js';

const c = loadConfig({});
const limits = operationLimits(c);

/** The largest values a client may send: page sizes at the maximum, report windows at their longest. */
const largest: Record<string, number> = { first: limits.maxPageSize, limit: 1000, days: 366 };

function sampleValue(type: GraphQLInputType, name: string): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [sampleValue(t.ofType, name)];
  if (isEnumType(t)) return t.getValues()[0]!.value;
  if (isInputObjectType(t)) {
    return Object.fromEntries(Object.values(t.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sampleValue(f.type, f.name)]));
  }
  const scalars: Record<string, unknown> = { Int: largest[name] ?? 1, Float: 1, Boolean: false, DateTime: '2024-01-01T00:00:00Z', Decimal: '1.00' };
  return scalars[t.name] ?? 'x';
}

describe('shipped operations', () => {
  it('when the web app or the load scenarios change an operation, then the committed manifest must be regenerated (npm run safelist)', async () => {
    const committed = JSON.parse(readFileSync(safelistPath(c.OPERATION_SAFELIST_FILE), 'utf8'));
    expect(committed).toEqual(manifestOf((await shippedOperations()).map((o) => o.text)));
  });

  it('when any shipped operation is sent with its largest variables, then the default limits let it through', async () => {
    const schema = apiSchema();
    for (const operation of await shippedOperations()) {
      const document = parse(operation.text, { maxTokens: limits.maxTokens });
      const errors = validate(schema, document, [...specifiedRules, ...operationLimitRules(limits)]).map((e) => e.message);
      const definition = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
      const variables = Object.fromEntries(
        (definition.variableDefinitions ?? []).map((v) => [v.variable.name.value, sampleValue(typeFromAST(schema, v.type as never) as GraphQLInputType, v.variable.name.value)]),
      );
      const { cost, pages } = analyzeOperation(schema, document, { variables, listSizeEstimate: limits.listSizeEstimate });
      expect({ operation: operation.name, errors, withinCost: cost <= limits.maxCost, pagesWithin: pages.every((p) => p.first <= limits.maxPageSize) }).toEqual({
        operation: operation.name,
        errors: [],
        withinCost: true,
        pagesWithin: true,
      });
    }
  });
});
