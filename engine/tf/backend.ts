/**
 * The tfjs backend, chosen once per process: `@tensorflow/tfjs-node` when it is installed (native,
 * fastest; an optional dependency, since its install downloads a library some machines cannot
 * reach), else the WebAssembly backend (SIMD), else plain JavaScript (cpu). The choice is printed
 * once on stderr (by the main thread) and recorded in results' provenance, because trained weights differ slightly
 * between backends: determinism holds per backend.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | null = null;

/** Selects and initialises the backend (idempotent). `quiet` suppresses the one-line notice. */
export function initBackend(options: { quiet?: boolean; prefer?: BackendName } = {}): Promise<BackendName> {
  chosen ??= select(options.prefer).then((name) => {
    // Worker threads choose the same backend as the main thread, which has already said which.
    if (!options.quiet && isMainThread && process.env.CCSIM_QUIET_BACKEND !== '1') process.stderr.write(`ccsim: tfjs backend ${name}\n`);
    return name;
  });
  return chosen;
}

/** The backend in use, or null before initBackend resolved. */
export function backendInUse(): BackendName | null {
  const b = tf.getBackend();
  return b === 'tensorflow' || b === 'wasm' || b === 'cpu' ? b : null;
}

async function select(prefer?: BackendName): Promise<BackendName> {
  const require = createRequire(import.meta.url);
  if (prefer === undefined || prefer === 'tensorflow') {
    try {
      // Guarded: absent on machines where its native library could not be downloaded.
      require('@tensorflow/tfjs-node');
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      // fall through to wasm
    }
  }
  if (prefer === undefined || prefer === 'tensorflow' || prefer === 'wasm') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(`${join(dist, '/')}`);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // fall through to cpu
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

export { tf };
