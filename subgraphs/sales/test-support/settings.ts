import { loadConfig } from '../../../platform/config/config.js';
import { salesSettings } from '../domain/sales-settings.js';

/** Sales' settings from the test process's environment, as the composition root reads them. */
export const settings = salesSettings(loadConfig());
