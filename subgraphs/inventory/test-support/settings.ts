import { loadConfig } from '../../../platform/config/config.js';
import { inventorySettings } from '../domain/inventory-settings.js';

/** Inventory's settings from the test process's environment, as the composition root reads them. */
export const settings = inventorySettings(loadConfig());
