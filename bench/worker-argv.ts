/**
 * Node options for the simulator's worker threads (piscina): import bin/register-tsx.js, which
 * registers tsx's ESM loader as bin/ccsim.js does for the main thread. `--import tsx` would also
 * install tsx's CommonJS hooks, and with them the workers read imported bindings through getters:
 * the same replications took about 20% longer in a worker than in the main thread (measured with
 * one piscina thread against the in-process runner; 11% of it came back with this loader).
 */
export const TSX_WORKER_ARGV = ['--import', new URL('../bin/register-tsx.js', import.meta.url).href];
