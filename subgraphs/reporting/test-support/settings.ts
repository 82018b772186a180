import { loadConfig } from '../../../platform/config/config.js';
import { reportingSettings } from '../domain/reporting-settings.js';

/** Reporting's settings from the test process's environment, as the composition root reads them. */
export const settings = reportingSettings(loadConfig());
