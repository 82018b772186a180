import type { Context } from './context.js';
import { getCurrentAccount } from './domain/get-current-account.use-case.js';
import { getCustomer } from './domain/get-customer.use-case.js';
import { login } from './domain/login.use-case.js';
import { registerCustomer } from './domain/register-customer.use-case.js';
import type { Resolvers } from './generated/resolvers-types.js';

export const resolvers: Resolvers<Context> = {
  Query: {
    me: (_, __, ctx) => getCurrentAccount(ctx),
  },
  Mutation: {
    login: (_, { email, password }, ctx) => login(email, password, ctx.clientAddress, ctx.loginAttempts),
    registerCustomer: (_, { input }) => registerCustomer(input),
  },
  Viewer: {
    store: (viewer) => (viewer.storeId ? { id: viewer.storeId } : null),
  },
  Customer: {
    __resolveReference: (ref, ctx) => getCustomer(ctx, ref.id),
  },
};
