/**
 * A records writer thread: formats and writes the chunks the simulating thread sends (channel.ts),
 * one table of one replication per job. Progress, completion and errors go back through each
 * job's shared status words, which the simulating thread waits on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  ST_ERROR_LENGTH,
  ST_IN_FLIGHT,
  ST_STATE,
  STATE_DONE,
  STATE_FAILED,
  STATUS_BYTES,
  STATUS_ERROR_OFFSET,
  STATUS_STATS_OFFSET,
  type WriterMessage,
} from './channel.ts';
import { CallFormatter, StateFormatter, type CallChunk, type StateChunk } from './format.ts';

interface Job {
  out: CallFormatter | StateFormatter | null;
  st: Int32Array;
  buffer: SharedArrayBuffer;
}

const jobs = new Map<number, Job>();

function finish(job: Job, state: number): void {
  Atomics.store(job.st, ST_STATE, state);
  Atomics.notify(job.st, ST_STATE);
  Atomics.notify(job.st, ST_IN_FLIGHT);
}

function fail(job: Job, err: unknown): void {
  try {
    job.out?.abort();
  } catch {
    // nothing more to remove
  }
  job.out = null;
  const text = Buffer.from(err instanceof Error ? err.message : String(err), 'utf8').subarray(0, STATUS_BYTES - STATUS_ERROR_OFFSET);
  new Uint8Array(job.buffer, STATUS_ERROR_OFFSET, text.length).set(text);
  Atomics.store(job.st, ST_ERROR_LENGTH, text.length);
  finish(job, STATE_FAILED);
}

parentPort!.on('message', (msg: WriterMessage) => {
  if (msg.type === 'open') {
    const job: Job = { out: null, st: new Int32Array(msg.status, 0, 4), buffer: msg.status };
    jobs.set(msg.job, job);
    try {
      job.out = msg.table === 'calls' ? new CallFormatter(msg.setup) : new StateFormatter(msg.setup);
    } catch (err) {
      jobs.delete(msg.job);
      fail(job, err);
    }
    return;
  }
  const job = jobs.get(msg.job);
  if (!job) return;
  try {
    switch (msg.type) {
      case 'chunk':
        if (job.out instanceof CallFormatter) job.out.write(msg.chunk as CallChunk);
        else job.out?.write(msg.chunk as StateChunk);
        Atomics.sub(job.st, ST_IN_FLIGHT, 1);
        Atomics.notify(job.st, ST_IN_FLIGHT);
        break;
      case 'commit':
        jobs.delete(msg.job);
        job.out?.commit();
        new Float64Array(job.buffer, STATUS_STATS_OFFSET, 1)[0] = job.out ? job.out.bytes : 0;
        finish(job, STATE_DONE);
        break;
      case 'abort':
        jobs.delete(msg.job);
        job.out?.abort();
        job.out = null;
        finish(job, STATE_FAILED);
        break;
    }
  } catch (err) {
    jobs.delete(msg.job);
    fail(job, err);
  }
});

const ready = new Int32Array((workerData as { ready: SharedArrayBuffer }).ready);
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);
