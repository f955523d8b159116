// Bootstrap of the records writer thread (bench/records/channel.ts starts it with --import tsx, as
// the piscina workers are): plain CommonJS so that it loads before any TypeScript, then the body
// through tsx's require hook. If the body cannot load, the thread says so and the records are
// formatted in the simulating thread instead.
'use strict';
const { workerData } = require('node:worker_threads');
const path = require('node:path');

try {
  require(path.join(__dirname, 'writer-thread.ts'));
} catch (err) {
  const ready = new Int32Array(workerData.ready);
  Atomics.store(ready, 0, 2);
  Atomics.notify(ready, 0);
}
