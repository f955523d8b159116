/**
 * Shard mode: the evaluation split in 4 shards (as 4 Kubernetes indexed Jobs would run it) and merged
 * gives the same outputs as an unsharded run; the confirmation then runs from the merged folder, or
 * is itself split and merged, and ends where an unsharded run ends. A missing shard is named.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ccsim, sweepOutputs } from './in-process.ts';

const SWEEP = 'test/fixtures/sweeps/tiny.yaml';
const EVALUATION_FILES = ['ranking.md', 'points.json', 'points.csv', 'sweep.json'];

describe('ccsim sweep --shard and ccsim merge', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ccsim-shards-'));
  const at = (name: string) => join(tmp, name);

  beforeAll(async () => {
    expect((await ccsim('sweep', SWEEP, '--stage', 'evaluate', '--out', at('whole-evaluation'), '--workers', '1', '--json')).code).toBe(0);
    expect((await ccsim('sweep', SWEEP, '--out', at('whole'), '--workers', '1', '--json')).code).toBe(0);
    for (let k = 0; k < 4; k++) {
      const r = await ccsim('sweep', SWEEP, '--shard', `${k}/4`, '--out', at(`shard-${k}`), '--workers', '1', '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).shard).toEqual({ index: k, count: 4 });
    }
  });

  it('4 merged shards of the evaluation equal the unsharded evaluation, and together run every task once', async () => {
    const sizes: number[] = [];
    for (let k = 0; k < 4; k++) {
      const r = await ccsim('sweep', SWEEP, '--shard', `${k}/4`, '--out', at(`shard-${k}`), '--workers', '1', '--json');
      const doc = JSON.parse(r.stdout);
      expect(doc.perf.tasks.run).toBe(0); // a shard run again reuses its checkpoint
      sizes.push(doc.tasks.length);
    }
    const merged = await ccsim('merge', ...[0, 1, 2, 3].map((k) => at(`shard-${k}`)), '--out', at('merged'), '--json');
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(sizes.reduce((a, b) => a + b)).toBe(JSON.parse(merged.stdout).perf.tasks.total);
    expect(sweepOutputs(at('merged'), EVALUATION_FILES)).toEqual(sweepOutputs(at('whole-evaluation'), EVALUATION_FILES));
  });

  it('runs the confirmation from the merged evaluation, whole or itself sharded, to the unsharded outputs', async () => {
    expect((await ccsim('merge', ...[3, 1, 0, 2].map((k) => at(`shard-${k}`)), '--out', at('merged-then-confirmed'))).code).toBe(0);
    for (let k = 0; k < 2; k++) {
      cpSync(at('merged-then-confirmed'), at(`confirm-${k}`), { recursive: true });
      const r = await ccsim('sweep', SWEEP, '--stage', 'confirm', '--shard', `${k}/2`, '--out', at(`confirm-${k}`), '--workers', '1');
      expect(r.code).toBe(0);
    }
    const r = await ccsim('sweep', SWEEP, '--stage', 'confirm', '--out', at('merged-then-confirmed'), '--workers', '1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).perf.tasks.reused).toBe(18); // the evaluation came from the shards
    expect(sweepOutputs(at('merged-then-confirmed'))).toEqual(sweepOutputs(at('whole')));

    const merged = await ccsim('merge', at('confirm-0'), at('confirm-1'), '--out', at('confirmation-merged'));
    expect(merged.code).toBe(0);
    expect(sweepOutputs(at('confirmation-merged'))).toEqual(sweepOutputs(at('whole')));
  });

  it('names a missing shard, exits non-zero and writes nothing', async () => {
    const r = await ccsim('merge', at('shard-0'), at('shard-1'), at('shard-3'), '--out', at('incomplete'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ccsim: merge: shard 2\/4 of the evaluate stage is missing \(given: 0\/4, 1\/4, 3\/4\).*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(at('incomplete'))).toBe(false);
  });

  it('refuses a bad K/N in one line with exit code 2', async () => {
    for (const bad of ['4/4', '1/0', 'x', '-1/3', '1']) {
      const r = await ccsim('sweep', SWEEP, '--shard', bad, '--out', at('bad'));
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`ccsim: --shard: expected K/N with 0 <= K < N (shards count from 0, e.g. 0/4), found ${JSON.stringify(bad)}\n`);
    }
    expect(existsSync(at('bad'))).toBe(false);
  });
});
