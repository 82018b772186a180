import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * An operation type the schema has no root for (there is no Subscription):
 * graphql-js 16 does not check it (17 does, as KnownOperationTypesRule), and
 * the gateway would fail planning it with a 500. Refused in validation instead.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) context.reportError(new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, { nodes: node }));
  },
});
