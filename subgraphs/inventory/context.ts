import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import type { Location, StockKey, StockLevel } from './domain/inventory.js';
import { createLocationLoader } from './domain/location-loader.js';
import { createStockLevelLoader } from './domain/stock-level-loader.js';
import { createStoreStockFactsLoader, type StoreStockFacts } from './domain/store-stock-facts-loader.js';

export interface Context extends BaseRequestContext {
  loaders: {
    location: DataLoader<string, Location | null>;
    stockLevel: DataLoader<StockKey, StockLevel | null, string>;
    storeStockFacts: DataLoader<string, StoreStockFacts>;
  };
}

export function createContext(base: BaseRequestContext): Context {
  return { ...base, loaders: { location: createLocationLoader(), stockLevel: createStockLevelLoader(), storeStockFacts: createStoreStockFactsLoader() } };
}
