import { getNamedType, getNullableType, isListType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchema } from './api-schema.js';

/**
 * Lists that take no size argument, each with what bounds it. Anything else
 * the API returns as a list must take `first`, `limit` or `days` (checked by
 * the subgraph, and `first` by the router as well), or be a connection's
 * edges. A new unbounded list fails this test until it is given a size
 * argument or a bound here.
 */
const boundedBy: Record<string, string> = {
  'Query.stores': 'one per store (a chain has hundreds)',
  'Query.categories': 'one per category',
  'Query.stockAlerts': 'cut at 1,000 (deprecated for stockAlertConnection)',
  'Dashboard.stores': 'one per store',
  'SalesReport.stores': 'one per store',
  'Sale.lines': 'a sale holds at most 200 different products (MAX_LINES)',
  'Sale.returns': 'a return takes back at least one unit of the sale, which has at most 200 lines of at most MAX_QUANTITY units',
  'Return.lines': 'at most the lines of its sale',
  'Cart.items': 'a cart holds at most 200 different products (MAX_LINES)',
};

const SIZE_ARGUMENTS = ['first', 'limit', 'days'];

describe('every list of the API is bounded', () => {
  it('when the API schema is walked, then each list field takes a size argument, is a connection’s edges, or has a known bound', () => {
    const unbounded: string[] = [];
    for (const type of Object.values(apiSchema().getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type))) continue;
        const coordinate = `${type.name}.${field.name}`;
        const sized = field.args.some((a) => SIZE_ARGUMENTS.includes(a.name));
        const edges = type.name.endsWith('Connection') && field.name === 'edges';
        if (!sized && !edges && !boundedBy[coordinate]) unbounded.push(`${coordinate}: [${getNamedType(field.type).name}]`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('when the bounds listed here are compared with the schema, then each still names a list field (none is stale)', () => {
    for (const coordinate of Object.keys(boundedBy)) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const type = apiSchema().getType(typeName);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      expect({ coordinate, list: field !== undefined && isListType(getNullableType(field.type)) }).toEqual({ coordinate, list: true });
    }
  });
});
