// Queue addresses: where the password comes from, that it never shows, and the status lines' content.
import { describe, expect, it } from 'vitest';
import { commandLineWarning, maskPassword, parseQueueUrl, resolveQueueAddress } from '../../bench/queue/address.ts';
import { UsageError } from '../../bench/commands/options.ts';
import { statusLines } from '../../bench/queue/status.ts';

describe('queue address', () => {
  it('reads host, port, database and TLS, and shows the URL without its password', () => {
    const a = parseQueueUrl('rediss://user:s%40cret@queue.internal:6380/2');
    expect(a).toMatchObject({ host: 'queue.internal', port: 6380, db: 2, username: 'user', password: 's@cret', tls: true, passwordFrom: 'url' });
    expect(a.display).toBe('rediss://queue.internal:6380/2');
    expect(parseQueueUrl('redis://localhost')).toMatchObject({ port: 6379, db: 0, tls: false, passwordFrom: null });
    expect(maskPassword('redis://:hunter2@h:1')).toBe('redis://:***@h:1');
  });

  it('takes the password from the environment before the URL, and warns only about one on the command line', () => {
    const env = { CCSIM_QUEUE_URL: 'redis://:fromurl@h:7000', CCSIM_REDIS_PASSWORD: 'fromenv' };
    expect(resolveQueueAddress(undefined, env)).toMatchObject({ port: 7000, password: 'fromenv', passwordFrom: 'environment' });
    expect(resolveQueueAddress(true, { CCSIM_QUEUE_URL: env.CCSIM_QUEUE_URL })).toMatchObject({ password: 'fromurl', passwordFrom: 'environment' });
    const given = resolveQueueAddress('redis://:typed@h', {});
    expect(commandLineWarning(given)).toMatch(/visible to other users.*CCSIM_REDIS_PASSWORD/);
    expect(commandLineWarning(given)).not.toContain('typed');
    expect(commandLineWarning(resolveQueueAddress('redis://:typed@h', { CCSIM_REDIS_PASSWORD: 'x' }))).toBeNull();
  });

  it('refuses what is not a Redis URL in one line, without echoing a password', () => {
    expect(() => resolveQueueAddress(undefined, {})).toThrow(UsageError);
    expect(() => parseQueueUrl('http://:pw@h')).toThrow('--queue: expected a redis:// or rediss:// URL, found "http://:pw@h"');
    expect(() => parseQueueUrl('redis://:pw@h/x')).toThrow('expected a database number');
    expect(() => parseQueueUrl('redis://:secret@h:1:2')).toThrow(/^(?!.*secret)/);
  });

  it('status: done, running, failed and throughput per worker', () => {
    const lines = statusLines('redis://q:6379', { label: 'evaluate', total: 10, done: 4, running: 2, failed: 1, workers: [{ name: 'a:1', tasks: 1, perSecond: 0.5 }, { name: 'b:22', tasks: 3, perSecond: 1.5 }] });
    expect(lines[0]).toBe('evaluate via redis://q:6379: 4/10 done, 2 running, 1 failed, 2 workers, 2.00 tasks/s');
    expect(lines.slice(1)).toEqual(['  b:22       3 tasks     1.50/s', '  a:1        1 tasks     0.50/s']);
  });
});
