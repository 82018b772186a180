import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind, type ASTVisitor, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { Config } from '../platform/config/config.js';
import { analyzeOperation, type OperationAnalysis } from './operation-cost.js';

/** The code of every operation refused for its size or shape (the `limit` extension says which). */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export type OperationLimit = 'depth' | 'aliases' | 'rootFields' | 'directives' | 'tokens' | 'cost';

export interface OperationLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxCost: number;
  maxPageSize: number;
  listSizeEstimate: number;
}

export function operationLimits(c: Config): OperationLimits {
  return {
    maxTokens: c.GRAPHQL_MAX_TOKENS,
    maxDepth: c.GRAPHQL_MAX_DEPTH,
    maxAliases: c.GRAPHQL_MAX_ALIASES,
    maxRootFields: c.GRAPHQL_MAX_ROOT_FIELDS,
    maxDirectives: c.GRAPHQL_MAX_DIRECTIVES,
    maxCost: c.GRAPHQL_MAX_COST,
    maxPageSize: c.GRAPHQL_MAX_PAGE_SIZE,
    listSizeEstimate: c.GRAPHQL_LIST_SIZE_ESTIMATE,
  };
}

export function operationTooComplex(limit: OperationLimit, max: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, limit, max, http: { status: 400 } } });
}

/** The libraries prefix their messages with "Syntax Error: ", which these are not. */
const withoutSyntaxPrefix = (message: string) => message.replace(/^Syntax Error: /, '');

/**
 * graphql-armor's rules throw out of validation by default; reported instead,
 * they come back as validation errors with our code and the limit's name.
 */
function reportAs(limit: OperationLimit, max: number) {
  return {
    n: max,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(operationTooComplex(limit, max, withoutSyntaxPrefix(error.message)))],
  };
}

/** Fields selected at the root of an operation, through fragments, `__typename` aside. */
function countRootFields(selectionSet: SelectionSetNode, context: ValidationContext, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, context, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countRootFields(fragment.selectionSet, context, seen);
    }
  }
  return count;
}

/** Each root field is at least one subgraph fetch: bounded per operation. */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const found = countRootFields(operation.selectionSet, context);
      if (found > max) context.reportError(operationTooComplex('rootFields', max, `Root fields limit of ${max} exceeded, found ${found}.`));
    },
  });
}

/** Shape limits, checked with the other validation rules (no variables needed). */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule(reportAs('depth', limits.maxDepth)),
    maxAliasesRule(reportAs('aliases', limits.maxAliases)),
    maxDirectivesRule(reportAs('directives', limits.maxDirectives)),
    maxRootFieldsRule(limits.maxRootFields),
  ];
}

/** graphql-js's own message when a document exceeds `maxTokens` (16.x spells it "more that"). */
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/**
 * A document refused by the parser for its token count (parseOptions.maxTokens)
 * is reported by Apollo as GRAPHQL_PARSE_FAILED; it is a limit like the others.
 */
export function tokenLimitOf(message: string): number | undefined {
  const match = TOO_MANY_TOKENS.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** A fragment that spreads others many times expands beyond this: refused, not evaluated. */
const MAX_EXPANDED_SELECTIONS = 10_000;

function analyze(limits: OperationLimits, ...[schema, document, options]: Parameters<typeof analyzeOperation>): OperationAnalysis | GraphQLError | undefined {
  try {
    return analyzeOperation(schema, document, { ...options, maxNodes: MAX_EXPANDED_SELECTIONS });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return operationTooComplex('cost', limits.maxCost, `Query cost limit of ${limits.maxCost} exceeded: more than ${MAX_EXPANDED_SELECTIONS} selections once fragments are expanded.`);
    }
    // Variables that do not fit the operation: execution refuses them with BAD_USER_INPUT before any fetch.
    return undefined;
  }
}

/** Analyses kept per document; past this many variable sets for one document, its entries start over. */
const MAX_ANALYSES_PER_DOCUMENT = 100;

/**
 * Pricing an operation walks its whole selection (about a tenth of the
 * router's CPU on a small query), and clients send the same operations with
 * the same variables again and again: an analysis is kept per parsed
 * document (Apollo reuses one per query text) and per operation name and
 * variables. Refusals are not kept; they are rare and rebuilt each time.
 */
function analyzeOnce(limits: OperationLimits): typeof analyze {
  const byDocument = new WeakMap<DocumentNode, Map<string, OperationAnalysis | undefined>>();
  return (_, schema, document, options) => {
    const key = `${options.operationName ?? ''}\n${JSON.stringify(options.variables ?? {})}`;
    let known = byDocument.get(document);
    if (!known) byDocument.set(document, (known = new Map()));
    if (known.has(key)) return known.get(key);
    const result = analyze(limits, schema, document, options);
    if (result instanceof GraphQLError) return result;
    if (known.size >= MAX_ANALYSES_PER_DOCUMENT) known.clear();
    known.set(key, result);
    return result;
  };
}

/**
 * Limits that depend on the variables (`first: $n`): checked once the
 * operation is resolved, before it is planned or any subgraph is called.
 */
export function operationCostPlugin<TContext extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<TContext> {
  const analyzeKnown = analyzeOnce(limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const result = analyzeKnown(limits, schema, document, {
            operationName: operation.name?.value,
            variables: request.variables,
            listSizeEstimate: limits.listSizeEstimate,
          });
          if (!result) return;
          if (result instanceof GraphQLError) throw result;
          const page = result.pages.find((p) => p.first > limits.maxPageSize);
          if (page) {
            throw new GraphQLError(`first must be at most ${limits.maxPageSize} (${page.field} asked for ${page.first})`, {
              extensions: { code: 'BAD_USER_INPUT', argument: 'first', field: page.field, max: limits.maxPageSize, http: { status: 400 } },
            });
          }
          if (result.cost > limits.maxCost) throw operationTooComplex('cost', limits.maxCost, `Query cost limit of ${limits.maxCost} exceeded, found ${result.cost}.`);
        },
      };
    },
  };
}

/** What the router's Apollo Server is given to refuse abusive operations before execution. */
export function operationLimitOptions<TContext extends BaseContext>(limits: OperationLimits) {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: operationLimitRules(limits),
    plugins: [operationCostPlugin<TContext>(limits)],
  };
}
