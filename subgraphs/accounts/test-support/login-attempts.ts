import { loadConfig } from '../../../platform/config/config.js';
import { createLoginAttempts } from '../domain/login-attempts.js';

/** Failed-login counts as the composition root makes them, from the test process's environment. */
export const attempts = createLoginAttempts(loadConfig());
