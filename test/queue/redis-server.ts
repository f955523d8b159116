/**
 * A real redis-server for the queue tests: started on a free loopback port, in the foreground (not
 * daemonized), without persistence, in a temporary folder, and stopped with SIGTERM. No mock: the
 * tests exercise BullMQ's real scripts, locks and stall detection. When redis-server is not
 * installed the tests fail (CI installs it: .ci/run), they do not skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.CCSIM_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A port the kernel just gave out on 127.0.0.1 (free at that moment). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = connect({ host: '127.0.0.1', port }, () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });

/** Starts redis-server; `password` sets requirepass. Rejects if it is missing or does not come up within 10 s. */
export async function startRedis(opts: { password?: string } = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is not installed (apt-get install redis-server; .ci/run does this)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ccsim-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'no', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
  if (opts.password) args.push('--requirepass', opts.password);
  const child: ChildProcess = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (dead || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (!dead) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
