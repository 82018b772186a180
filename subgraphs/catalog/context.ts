import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import { createProductLoader } from './domain/product-loader.js';
import type { Product } from './domain/product.js';

export interface Context extends BaseRequestContext {
  loaders: { product: DataLoader<string, Product | null> };
}

export function createContext(base: BaseRequestContext): Context {
  return { ...base, loaders: { product: createProductLoader() } };
}
