// Registers tsx's ESM loader only, as bin/ccsim.js does, for worker threads (`--import` this file;
// see bench/worker-argv.ts for why not `--import tsx`).
import { register } from 'tsx/esm/api';

register();
