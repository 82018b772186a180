import type DataLoader from 'dataloader';
import type { BaseRequestContext } from '../../platform/server/subgraph-server.js';
import type { DailyRevenue, ProductFigures } from './domain/reporting.js';
import type { ReportingSettings } from './domain/reporting-settings.js';
import {
  createDailyRevenueLoader,
  createProductUnitsLoader,
  createStoreRevenueLoader,
  createStoreTopProductsLoader,
  type StoreTopKey,
  type WindowKey,
} from './domain/window-loaders.js';

export interface Context extends BaseRequestContext {
  settings: ReportingSettings;
  loaders: {
    storeRevenue: DataLoader<WindowKey, string, string>;
    productUnits: DataLoader<WindowKey, number, string>;
    dailyRevenue: DataLoader<string, Map<string, DailyRevenue[]>>;
    storeTopProducts: DataLoader<StoreTopKey, ProductFigures[], string>;
  };
}

export function createContext(base: BaseRequestContext, settings: ReportingSettings): Context {
  return {
    ...base,
    settings,
    loaders: {
      storeRevenue: createStoreRevenueLoader(settings.timeZone),
      productUnits: createProductUnitsLoader(settings.timeZone),
      dailyRevenue: createDailyRevenueLoader(),
      storeTopProducts: createStoreTopProductsLoader(),
    },
  };
}
