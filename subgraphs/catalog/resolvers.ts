import { scalarResolvers } from '../../platform/graphql/scalars.js';
import { createProduct } from './domain/create-product.use-case.js';
import { getProduct } from './domain/get-product.use-case.js';
import { listCategories } from './domain/list-categories.use-case.js';
import { searchProducts } from './domain/search-products.use-case.js';
import { updateProduct } from './domain/update-product.use-case.js';
import type { Resolvers } from './generated/resolvers-types.js';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    product: (_, { id }, ctx) => getProduct(ctx, id),
    products: (_, args) => searchProducts(args),
    categories: () => listCategories(),
  },
  Mutation: {
    createProduct: (_, { input }, ctx) => createProduct(ctx, { ...input, description: input.description ?? null }),
    updateProduct: (_, { id, input }, ctx) => updateProduct(ctx, id, input),
  },
  Product: {
    __resolveReference: (ref, ctx) => getProduct(ctx, ref.id),
  },
};
