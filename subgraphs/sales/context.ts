import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import { createSaleLoaders, type SaleLoaders } from './domain/sale-loaders.js';

export interface Context extends BaseRequestContext {
  loaders: SaleLoaders;
}

export function createContext(base: BaseRequestContext): Context {
  return { ...base, loaders: createSaleLoaders() };
}
