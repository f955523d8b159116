/**
 * Where the record writer's chunks are formatted: on the records writer thread (one per simulating
 * thread, started on first use and reused by every replication that thread runs), or, when that
 * thread cannot start or CCSIM_RECORDS_THREAD=0, inline in the simulating thread.
 *
 * The thread receives each full chunk by transfer (no copy) and formats and writes it while the
 * simulation goes on, on another core. Flow control is through a small SharedArrayBuffer per
 * replication: the simulating thread blocks (Atomics.wait) when MAX_IN_FLIGHT chunks are queued, so
 * memory stays flat however far the writer falls behind, and at the end until the files are
 * renamed into place, so `end()` returns only once the records are complete.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChunkFormatter, chunkBuffers, newCallChunk, newStateChunk, writeRunsFile, type CallChunk, type FormatterSetup, type FormatterStats, type RunInfo, type StateChunk } from './format.ts';

/** Chunks queued to the writer thread per replication before the simulation waits. */
const MAX_IN_FLIGHT = 4;
/** Give up on a writer thread that makes no progress for this long. */
const STALL_MS = 300_000;
/** How long to wait for the writer thread to start before formatting inline. */
const START_TIMEOUT_MS = 60_000;

export interface FormatChannel {
  /** Takes a full chunk; returns the chunk to fill next (the same one, emptied, or a fresh one). */
  calls(chunk: CallChunk): CallChunk;
  states(chunk: StateChunk): StateChunk;
  /** Formats what is left, writes the runs row and renames the files; returns once they are in place. */
  end(run: RunInfo): FormatterStats;
  /** Drops the replication's temporary files. */
  abort(): void;
}

class InlineChannel implements FormatChannel {
  private readonly fmt: ChunkFormatter;
  constructor(setup: FormatterSetup) {
    this.fmt = new ChunkFormatter(setup);
  }
  calls(chunk: CallChunk): CallChunk {
    this.fmt.calls(chunk);
    chunk.n = 0;
    return chunk;
  }
  states(chunk: StateChunk): StateChunk {
    this.fmt.states(chunk);
    chunk.n = 0;
    return chunk;
  }
  end(run: RunInfo): FormatterStats {
    return this.fmt.end(run);
  }
  abort(): void {
    this.fmt.abort();
  }
}

// Status words of a job (Int32Array over its SharedArrayBuffer).
export const ST_IN_FLIGHT = 0;
export const ST_STATE = 1; // 0 running, 1 done, 2 failed
export const ST_ERROR_LENGTH = 2;
export const STATE_RUNNING = 0;
export const STATE_DONE = 1;
export const STATE_FAILED = 2;
/** Byte offsets in a job's status buffer: stats (3 doubles) and the error message. */
export const STATUS_STATS_OFFSET = 16;
export const STATUS_ERROR_OFFSET = 64;
export const STATUS_BYTES = 4096;

/** Messages to a writer thread; a job is one table of one replication. */
export type WriterMessage =
  | { type: 'open'; job: number; table: 'calls' | 'states'; setup: FormatterSetup; status: SharedArrayBuffer }
  | { type: 'chunk'; job: number; chunk: CallChunk | StateChunk }
  | { type: 'commit'; job: number }
  | { type: 'abort'; job: number };

interface WriterThread {
  worker: Worker;
  ready: Int32Array;
}

/** Two writer threads per simulating thread: one formats call records, the other agent states. */
const THREADS = 2;
let threads: WriterThread[] | null | undefined;
let nextJob = 1;

/** This thread's writer threads, started on first use; null when they cannot run here. */
function writerThreads(): WriterThread[] | null {
  if (threads !== undefined) return threads;
  threads = null;
  if (process.env.CCSIM_RECORDS_THREAD === '0') return null;
  const started: WriterThread[] = [];
  try {
    const bootstrap = join(fileURLToPath(new URL('.', import.meta.url)), 'writer-thread.cjs');
    for (let i = 0; i < THREADS; i++) {
      const ready = new Int32Array(new SharedArrayBuffer(4));
      // Like the piscina workers: the thread loads the TypeScript sources through tsx.
      const worker = new Worker(bootstrap, { execArgv: ['--import', 'tsx'], workerData: { ready: ready.buffer }, stdout: false, stderr: false });
      worker.unref();
      worker.on('error', () => Atomics.store(ready, 0, 2));
      started.push({ worker, ready });
    }
    threads = started;
  } catch {
    for (const t of started) void t.worker.terminate();
    threads = null;
  }
  return threads;
}

/** Waits (blocking) until the writer threads have started; false if one failed or took too long. */
function threadsStarted(ts: WriterThread[]): boolean {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (const t of ts) {
    while (Atomics.load(t.ready, 0) === 0 && Date.now() < deadline) Atomics.wait(t.ready, 0, 0, 50);
    if (Atomics.load(t.ready, 0) !== 1) return false;
  }
  return true;
}

let warned = false;

/** One table's job on one writer thread. */
class ThreadJob {
  readonly job = nextJob++;
  private readonly statusBuffer = new SharedArrayBuffer(STATUS_BYTES);
  private readonly st = new Int32Array(this.statusBuffer, 0, 4);
  rows = 0;

  constructor(
    private readonly t: WriterThread,
    table: 'calls' | 'states',
    setup: FormatterSetup,
  ) {
    t.worker.postMessage({ type: 'open', job: this.job, table, setup, status: this.statusBuffer } satisfies WriterMessage);
  }

  send(chunk: CallChunk | StateChunk): void {
    this.throwIfFailed();
    // Flow control: no more than MAX_IN_FLIGHT chunks queued.
    let last = Atomics.load(this.st, ST_IN_FLIGHT);
    let since = Date.now();
    while (last >= MAX_IN_FLIGHT) {
      Atomics.wait(this.st, ST_IN_FLIGHT, last, 1000);
      this.throwIfFailed();
      const now = Atomics.load(this.st, ST_IN_FLIGHT);
      if (now !== last) since = Date.now();
      else if (Date.now() - since > STALL_MS) throw new Error('records: a writer thread stopped making progress');
      last = now;
    }
    this.rows += chunk.n;
    Atomics.add(this.st, ST_IN_FLIGHT, 1);
    this.t.worker.postMessage({ type: 'chunk', job: this.job, chunk } satisfies WriterMessage, chunkBuffers(chunk));
  }

  commit(): void {
    this.throwIfFailed();
    this.t.worker.postMessage({ type: 'commit', job: this.job } satisfies WriterMessage);
  }

  /** Waits until the thread has finished the job (committed, failed or aborted); returns its byte count. */
  wait(): number {
    let since = Date.now();
    let progress = Atomics.load(this.st, ST_IN_FLIGHT);
    while (Atomics.load(this.st, ST_STATE) === STATE_RUNNING) {
      Atomics.wait(this.st, ST_STATE, STATE_RUNNING, 1000);
      const now = Atomics.load(this.st, ST_IN_FLIGHT);
      if (now !== progress) {
        progress = now;
        since = Date.now();
      } else if (Atomics.load(this.st, ST_STATE) === STATE_RUNNING && Date.now() - since > STALL_MS) {
        throw new Error('records: a writer thread stopped making progress');
      }
    }
    this.throwIfFailed();
    return new Float64Array(this.statusBuffer, STATUS_STATS_OFFSET, 1)[0];
  }

  throwIfFailed(): void {
    if (Atomics.load(this.st, ST_STATE) !== STATE_FAILED) return;
    const len = Atomics.load(this.st, ST_ERROR_LENGTH);
    const text = Buffer.from(new Uint8Array(this.statusBuffer, STATUS_ERROR_OFFSET, len)).toString('utf8');
    throw new Error(`records: ${text}`);
  }

  abort(): void {
    this.t.worker.postMessage({ type: 'abort', job: this.job } satisfies WriterMessage);
    const deadline = Date.now() + 10_000;
    while (Atomics.load(this.st, ST_STATE) === STATE_RUNNING && Date.now() < deadline) Atomics.wait(this.st, ST_STATE, STATE_RUNNING, 100);
  }
}

class ThreadChannel implements FormatChannel {
  private jobs: [ThreadJob, ThreadJob] | null = null;
  private inline: InlineChannel | null = null;

  constructor(
    private readonly ts: WriterThread[],
    private readonly setup: FormatterSetup,
  ) {}

  /** Opens the jobs at the first chunk (by then the threads have usually started), or falls back to inline. */
  private target(): InlineChannel | [ThreadJob, ThreadJob] {
    if (this.inline) return this.inline;
    if (this.jobs) return this.jobs;
    if (!threadsStarted(this.ts)) {
      if (!warned) {
        warned = true;
        process.stderr.write('ccsim: records writer threads unavailable; formatting records in the simulating thread\n');
      }
      threads = null;
      this.inline = new InlineChannel(this.setup);
      return this.inline;
    }
    this.jobs = [new ThreadJob(this.ts[0], 'calls', this.setup), new ThreadJob(this.ts[1], 'states', this.setup)];
    return this.jobs;
  }

  calls(chunk: CallChunk): CallChunk {
    const t = this.target();
    if (t instanceof InlineChannel) return t.calls(chunk);
    t[0].send(chunk);
    return newCallChunk();
  }

  states(chunk: StateChunk): StateChunk {
    const t = this.target();
    if (t instanceof InlineChannel) return t.states(chunk);
    t[1].send(chunk);
    return newStateChunk();
  }

  end(run: RunInfo): FormatterStats {
    const t = this.target();
    if (t instanceof InlineChannel) return t.end(run);
    t[0].commit();
    t[1].commit();
    const callBytes = t[0].wait();
    const stateBytes = t[1].wait();
    writeRunsFile(this.setup, run, t[0].rows, t[1].rows);
    return { callRows: t[0].rows, agentStateRows: t[1].rows, bytes: callBytes + stateBytes };
  }

  abort(): void {
    if (this.inline) this.inline.abort();
    else if (this.jobs) for (const j of this.jobs) j.abort();
  }
}

/** A channel for one replication's records. */
export function openChannel(setup: FormatterSetup, mode: 'auto' | 'inline' = 'auto'): FormatChannel {
  const ts = mode === 'inline' ? null : writerThreads();
  return ts ? new ThreadChannel(ts, setup) : new InlineChannel(setup);
}
