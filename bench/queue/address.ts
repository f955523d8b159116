/**
 * Where the queue is: a Redis URL (`redis://[:PASSWORD@]HOST[:PORT][/DB]`, `rediss://` for TLS).
 * A password on the command line is visible to every user of the machine (`ps`), so it can come
 * from the environment instead: CCSIM_QUEUE_URL holds the whole URL (used when `--queue` is given
 * without one), CCSIM_REDIS_PASSWORD the password alone (it wins over one in the URL). What ccsim
 * prints or records about the queue never contains the password.
 */
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError } from '../commands/options.ts';

export const QUEUE_URL_ENV = 'CCSIM_QUEUE_URL';
export const QUEUE_PASSWORD_ENV = 'CCSIM_REDIS_PASSWORD';

export interface QueueAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL without its password, for messages and provenance. */
  display: string;
  /** Where the password came from, for the warning about command lines. */
  passwordFrom: 'url' | 'environment' | null;
}

/**
 * `given` is the `--queue` value: a URL, `true` when the option had no value (then CCSIM_QUEUE_URL),
 * or undefined when the option was absent (also CCSIM_QUEUE_URL: the worker needs no flag at all).
 */
export function resolveQueueAddress(given: string | true | undefined, env: NodeJS.ProcessEnv = process.env): QueueAddress {
  const fromEnv = env[QUEUE_URL_ENV];
  const text = typeof given === 'string' ? given : fromEnv;
  if (text === undefined || text === '') {
    throw new UsageError(`--queue: expected a Redis URL such as redis://HOST:6379 (or ${QUEUE_URL_ENV} in the environment), found none`);
  }
  const address = parseQueueUrl(text, typeof given === 'string' ? '--queue' : QUEUE_URL_ENV);
  const envPassword = env[QUEUE_PASSWORD_ENV];
  if (envPassword !== undefined && envPassword !== '') return { ...address, password: envPassword, passwordFrom: 'environment' };
  if (address.password !== undefined && typeof given !== 'string') return { ...address, passwordFrom: 'environment' };
  return address;
}

export function parseQueueUrl(text: string, source = '--queue'): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: expected a Redis URL such as redis://HOST:6379, found ${JSON.stringify(maskPassword(text))}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`${source}: expected a redis:// or rediss:// URL, found ${JSON.stringify(maskPassword(text))}`);
  }
  if (url.hostname === '') throw new UsageError(`${source}: expected a host in the URL, found ${JSON.stringify(maskPassword(text))}`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new UsageError(`${source}: expected a database number after the host (/0, /1, ...), found "/${dbText}"`);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const display = `${url.protocol}//${url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname}:${port}${db !== 0 ? `/${db}` : ''}`;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    tls: url.protocol === 'rediss:',
    display,
    passwordFrom: password !== undefined ? 'url' : null,
  };
}

/** A URL as it may be shown: the password replaced by `***`. */
export function maskPassword(text: string): string {
  return text.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/** The warning to print when a password was written on the command line; null when it was not. */
export function commandLineWarning(address: QueueAddress): string | null {
  return address.passwordFrom === 'url'
    ? `ccsim: warning: the password in --queue is visible to other users of this machine; set ${QUEUE_PASSWORD_ENV} (or ${QUEUE_URL_ENV}) instead`
    : null;
}

/** Connection options for BullMQ (which opens its own connections from them). */
export function connectionOptions(address: QueueAddress, name: string): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username !== undefined ? { username: address.username } : {}),
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(address.tls ? { tls: {} } : {}),
    connectionName: name,
    // BullMQ's blocking commands must wait for as long as it takes, across reconnections.
    maxRetriesPerRequest: null,
  };
}

/**
 * Connect once, without retrying, so an unreachable server or a wrong password is one line and exit
 * code 2 rather than an endless reconnection loop. Returns the server's version.
 */
export async function checkQueueReachable(address: QueueAddress, timeoutMs = 5000): Promise<{ version: string; timeMs: number }> {
  const client = new Redis({
    ...connectionOptions(address, 'ccsim-check'),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
  });
  // The rejected promise only says "Connection is closed."; the error event says why (ECONNREFUSED, ...).
  let cause: string | null = null;
  client.on('error', (e: Error) => (cause ??= e.message.split('\n')[0]));
  try {
    await client.connect();
    const info = await client.info('server');
    const [seconds, micros] = (await client.time()) as [number | string, number | string];
    return { version: /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown', timeMs: Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) };
  } catch (e) {
    const own = (e as Error).message.split('\n')[0];
    const raw = cause !== null && /connection is closed/i.test(own) ? cause : own;
    const message = raw.startsWith('NOAUTH')
      ? `the server wants a password: set ${QUEUE_PASSWORD_ENV}`
      : raw.startsWith('WRONGPASS')
        ? `the server refused the password (WRONGPASS); check ${QUEUE_PASSWORD_ENV} or the URL`
        : raw;
    throw new UsageError(`--queue ${address.display}: cannot use the queue (${message})`);
  } finally {
    client.disconnect();
  }
}
