import { writeFileSync } from 'node:fs';
import { config } from '../../platform/config/config.js';
import { manifestOf, safelistPath } from '../../supergraph/operation-safelist.js';
import { shippedOperations } from './shipped-operations.js';

/**
 * npm run safelist: writes the manifest of every operation the product ships
 * (OPERATION_SAFELIST_FILE, committed), which OPERATION_SAFELIST=enforce
 * restricts the router to. Run it after changing an operation of the web app
 * or of the load scenarios; a unit test fails while it is out of date.
 */
const operations = await shippedOperations();
const file = safelistPath(config().OPERATION_SAFELIST_FILE);
writeFileSync(file, `${JSON.stringify(manifestOf(operations.map((o) => o.text)), null, 2)}\n`);
console.log(`${file}: ${operations.length} operations (${operations.filter((o) => o.source === 'web').length} of the web app, ${operations.filter((o) => o.source === 'loadtest').length} of the load scenarios)`);
