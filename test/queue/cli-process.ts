/**
 * The real `ccsim` in child processes (node bin/ccsim.js), as users and schedulers start it: exit
 * codes, signals and stderr as they are. Lines on stderr can be awaited, so a test can act at a
 * precise moment (a worker has started a task) instead of after a guessed delay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<Finished>;
  /** Resolves with the first stderr line matching `re` (already printed or still to come); rejects if the process ends first. */
  line(re: RegExp): Promise<string>;
}

export function ccsimProcess(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, ['bin/ccsim.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const hit = stderr.split('\n').find((l) => w.re.test(l));
      if (hit !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  };
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    stderr += d;
    check();
  });
  let ended = false;
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`ccsim ${args.join(' ')} ended (${code ?? signal}) before a line matching ${w.re}; stderr:\n${stderr}`));
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
    line(re) {
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve, reject });
        check();
        if (ended) reject(new Error(`ccsim ${args.join(' ')} already ended; stderr:\n${stderr}`));
      });
    },
  };
}

/** Starts `ccsim worker` on the queue and waits until it takes tasks. */
export async function startWorker(url: string, env: NodeJS.ProcessEnv = {}): Promise<CliProcess> {
  const w = ccsimProcess(['worker', '--queue', url, '--concurrency', '1', '--stall-timeout', '3', '--verbose'], env);
  await w.line(/taking tasks from/);
  return w;
}

/** SIGTERM (the running task finishes first) and wait for the exit. */
export async function stopWorker(w: CliProcess): Promise<Finished> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  return w.done;
}
