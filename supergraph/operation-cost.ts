import { getNamedType, getNullableType, isCompositeType, isListType, type DocumentNode, type GraphQLField, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';

/** Arguments that say how many items a list field returns (`first` of connections, `limit`, `days`). */
const SIZE_ARGUMENTS = ['first', 'limit', 'days'] as const;

export interface CostModel {
  /** Items assumed for a list field without a size argument (stores, sale lines, alerts …). */
  listSizeEstimate: number;
}

export interface PageRequest {
  /** Schema coordinate of the connection field, e.g. `Query.products`. */
  field: string;
  first: number;
}

export interface OperationAnalysis {
  cost: number;
  /** Every `first` the operation asks for (variables applied, schema defaults included). */
  pages: PageRequest[];
}

function declaredDefault(field: GraphQLField<unknown, unknown>, name: string): number | undefined {
  const value = field.args.find((a) => a.name === name)?.defaultValue;
  return typeof value === 'number' ? value : undefined;
}

/** The size argument of a field, when it has one (an explicit null falls back to the declared default). */
function sizeOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, fallback: number): { name: string; size: number } | undefined {
  for (const name of SIZE_ARGUMENTS) {
    if (!field.args.some((a) => a.name === name)) continue;
    const given = args[name];
    const size = typeof given === 'number' ? given : (declaredDefault(field, name) ?? fallback);
    return { name, size: Math.max(1, size) };
  }
  return undefined;
}

/** A connection's `edges`: its items are already counted by the connection's `first`. */
function isConnectionEdges(parentTypeName: string, fieldName: string): boolean {
  return parentTypeName.endsWith('Connection') && fieldName === 'edges';
}

/**
 * Cost ≈ how many objects the operation may resolve: 1 per object (scalars
 * are free: they come with their object), times the size of every list on
 * the way down. A field with a size argument (a connection's `first`,
 * `topProducts(limit)`, `dailyRevenue(days)`) multiplies the cost of
 * everything below it by that size; other lists by `listSizeEstimate`.
 * So `products(first: 20) { edges { node { id } } }` costs 1 + 20 × 2.
 */
function estimator(model: CostModel, pages: PageRequest[]) {
  return ({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number => {
    // Introspection (off in production) reads the schema, not data.
    if (field.name.startsWith('__')) return 0;
    const own = isCompositeType(getNamedType(field.type)) ? 1 : 0;
    const sized = sizeOf(field, args, model.listSizeEstimate);
    if (sized?.name === 'first') {
      pages.push({ field: `${type.name}.${field.name}`, first: sized.size });
      return own + sized.size * childComplexity;
    }
    if (!isListType(getNullableType(field.type))) return own + childComplexity;
    if (isConnectionEdges(type.name, field.name)) return own + childComplexity;
    return (sized?.size ?? model.listSizeEstimate) * (own + childComplexity);
  };
}

/**
 * Cost and page sizes of the operation `operationName` of a document that
 * passed validation. Throws the library's GraphQLError when the variables do
 * not fit the operation (execution reports those itself) or when expanding
 * fragments visits more than `maxNodes` selections (a fragment bomb).
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: CostModel & { operationName?: string; variables?: Record<string, unknown>; maxNodes?: number },
): OperationAnalysis {
  const pages: PageRequest[] = [];
  const cost = getComplexity({
    schema,
    query: document,
    operationName: options.operationName,
    variables: options.variables ?? {},
    estimators: [estimator(options, pages)],
    maxQueryNodes: options.maxNodes,
  });
  return { cost, pages };
}
