import { readFileSync } from 'node:fs';
import { schemaFileOf } from '../../contracts/subgraphs.js';

/**
 * Test fixture (service-build.test.ts): what this module and one it imports
 * from another folder see of their location once bundled into .build/.
 */
console.log(
  JSON.stringify({
    url: import.meta.url,
    dirname: import.meta.dirname,
    filename: import.meta.filename,
    ownSourceRead: readFileSync(new URL('./service-build.fixture.ts', import.meta.url), 'utf8').includes('Test fixture'),
    catalogSchemaFile: schemaFileOf('catalog'),
  }),
);
