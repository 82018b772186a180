import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import type { DailyRevenue } from './domain/reporting.js';
import { createDailyRevenueLoader, createProductUnitsLoader, createStoreRevenueLoader, type WindowKey } from './domain/window-loaders.js';

export interface Context extends BaseRequestContext {
  loaders: {
    storeRevenue: DataLoader<WindowKey, string, string>;
    productUnits: DataLoader<WindowKey, number, string>;
    dailyRevenue: DataLoader<string, Map<string, DailyRevenue[]>>;
  };
}

export function createContext(base: BaseRequestContext): Context {
  return {
    ...base,
    loaders: { storeRevenue: createStoreRevenueLoader(), productUnits: createProductUnitsLoader(), dailyRevenue: createDailyRevenueLoader() },
  };
}
