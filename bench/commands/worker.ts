/**
 * `ccsim worker --queue redis://HOST:PORT [--concurrency N]`: consume sweep tasks from a BullMQ queue
 * on Redis until stopped (SIGTERM or Ctrl-C: the running tasks finish first; a second signal stops
 * at once). Start one per machine, as many machines as you like; see README, "Sweeps on many machines".
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { hostname } from 'node:os';
import { defaultWorkerCount } from '../pool.ts';
import { ccsimVersion } from '../provenance.ts';
import { parseInteger, parseNumber } from './options.ts';

interface WorkerOptions {
  queue?: string | true;
  concurrency?: number;
  stallTimeout: number;
  verbose?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run sweep tasks from a Redis queue (BullMQ) until stopped; start one on every machine that should help')
    .option('--queue [url]', 'Redis URL, redis://HOST:PORT[/DB] (default: $CCSIM_QUEUE_URL; the password from $CCSIM_REDIS_PASSWORD)')
    .addOption(new Option('--concurrency <n>', 'tasks at once, each on its own thread (default: one per core)').argParser(parseInteger('--concurrency', 1)))
    .addOption(new Option('--stall-timeout <seconds>', "a task whose worker stops answering for this long goes to another worker").argParser(parseNumber('--stall-timeout', 0.5)).default(30))
    .option('--verbose', 'one line on stderr per task started and finished')
    .action(async (opts: WorkerOptions) => {
      // Loaded here, not at start-up: BullMQ and ioredis cost every other command a tenth of a second.
      const { checkQueueReachable, commandLineWarning, resolveQueueAddress } = await import('../queue/address.ts');
      const { startConsumer } = await import('../queue/consumer.ts');
      const { QUEUE_NAME, QUEUE_PREFIX } = await import('../queue/envelope.ts');
      const address = resolveQueueAddress(opts.queue);
      const warning = commandLineWarning(address);
      if (warning) process.stderr.write(`${warning}\n`);
      const redis = (await checkQueueReachable(address)).version;
      const version = ccsimVersion();
      const concurrency = opts.concurrency ?? defaultWorkerCount();
      const name = `${hostname()}:${process.pid}`; // as the consumer names itself (envelope.ts)
      const consumer = await startConsumer({
        address,
        version,
        concurrency,
        stallSeconds: opts.stallTimeout,
        verbose: opts.verbose ?? false,
        log: (line) => process.stderr.write(`ccsim worker ${name}: ${line}\n`),
      });
      // Handlers before the ready line: whoever starts workers may stop one as soon as it says it is ready.
      const stopped = new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) process.exit(130); // a second signal: do not wait for the running tasks
          stopping = true;
          process.stderr.write(`ccsim worker ${name}: ${signal}, finishing the running tasks\n`);
          void consumer.close().then(resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      process.stderr.write(
        `ccsim worker ${name}: taking tasks from ${address.display} (queue ${QUEUE_PREFIX}:${QUEUE_NAME}, Redis ${redis}), concurrency ${concurrency}, ccsim ${version}\n`,
      );
      await stopped;
      process.stderr.write(`ccsim worker ${name}: stopped after ${consumer.finished} task${consumer.finished === 1 ? '' : 's'}\n`);
    });
}
