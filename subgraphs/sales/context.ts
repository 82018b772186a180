import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import { createSaleLoaders, type SaleLoaders } from './domain/sale-loaders.js';
import type { SalesSettings } from './domain/sales-settings.js';

export interface Context extends BaseRequestContext {
  loaders: SaleLoaders;
  settings: SalesSettings;
}

export function createContext(base: BaseRequestContext, settings: SalesSettings): Context {
  return { ...base, settings, loaders: createSaleLoaders() };
}
