import path from 'node:path';
import { config } from '../../platform/config/config.js';
import { stopStackFromState } from './stack-state.js';

/** `npm run stack:down`: stops what `npm run stack` started (from its state file under STACK_DATA_DIR). */
const dir = path.resolve(config().STACK_DATA_DIR);
const stopped = await stopStackFromState(dir, (line) => console.log(line));
console.log(stopped ? 'Stack stopped.' : `No stack is running (no state file in ${dir}).`);
