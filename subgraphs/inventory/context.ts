import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import type { Location, StockKey, StockLevel } from './domain/inventory.js';
import type { InventorySettings } from './domain/inventory-settings.js';
import { createLocationLoader } from './domain/location-loader.js';
import { createStockLevelLoader } from './domain/stock-level-loader.js';
import { createStoreStockFactsLoader, createWorstLevelsLoader, type StoreStockFacts, type WorstLevelsKey } from './domain/store-stock-facts-loader.js';

export interface Context extends BaseRequestContext {
  settings: InventorySettings;
  loaders: {
    location: DataLoader<string, Location | null>;
    stockLevel: DataLoader<StockKey, StockLevel | null, string>;
    storeStockFacts: DataLoader<string, StoreStockFacts>;
    worstLevels: DataLoader<WorstLevelsKey, StockLevel[], string>;
  };
}

export function createContext(base: BaseRequestContext, settings: InventorySettings): Context {
  return {
    ...base,
    settings,
    loaders: { location: createLocationLoader(), stockLevel: createStockLevelLoader(), storeStockFacts: createStoreStockFactsLoader(settings.thresholds), worstLevels: createWorstLevelsLoader(settings.thresholds) },
  };
}
