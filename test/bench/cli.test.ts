// The `ccsim` command line: in-process through main() with stdout/stderr captured, plus a few real processes
// (node bin/ccsim.js) for exit codes and stderr as a user sees them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/cli.ts';
import type { CompareDocument } from '../../bench/compare.ts';
import { compareDocumentSchema, erlangDocumentSchema, resultsDocumentSchema } from '../../bench/results-schema.ts';
import { withoutPerf, type ResultsDocument } from '../../bench/results.ts';
import { INBOUND_KPIS, kpiDefsFor } from '../../sim/metrics/kpis.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REALISTIC_DAY = join(ROOT, 'scenarios/inbound-realistic-day.yaml');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `ccsim ...args` in this process, capturing what it writes. */
async function ccsim(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(sink((s) => (stdout += s)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(sink((s) => (stderr += s)));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Run `node bin/ccsim.js ...args` as a real process (about 0.6 s each: keep these few). */
function ccsimProcess(...args: string[]): Outcome {
  const r = spawnSync(process.execPath, ['bin/ccsim.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stdout holds exactly one JSON document (pretty-printed, newline-terminated) and nothing else. */
function oneJson<T>(stdout: string): T {
  const doc = JSON.parse(stdout) as T;
  expect(stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}

function expectValid(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }, doc: unknown): void {
  const r = schema.safeParse(doc);
  expect(r.success ? [] : r.error!.issues).toEqual([]);
}

const noPerf = (doc: ResultsDocument) => JSON.stringify(withoutPerf(doc), null, 2);

/** A user mistake: exit 2, nothing on stdout, a message on stderr and no stack trace. */
function expectUsageError(o: Outcome): void {
  expect(o.code).toBe(2);
  expect(o.stdout).toBe('');
  expect(o.stderr).not.toBe('');
  expect(o.stderr).not.toMatch(/^\s+at /m);
}

/** A scenario error: exit 2, exactly one line `ccsim: ...` on stderr, nothing on stdout. */
function expectScenarioError(o: Outcome): string {
  expectUsageError(o);
  expect(o.stderr).toMatch(/^ccsim: [^\n]+\n$/);
  return o.stderr;
}

// ---------------------------------------------------------------------------------------------------------------
// Scenario files in a temporary directory

let dir: string;
const at = (name: string) => join(dir, name);

const TINY = `name: tiny
seed: 3
replications: 2
horizon: { calls: 20000 }
warmup: { calls: 1000 }
inbound:
  arrivals: { perHour: 1140 }
  handleTime: { dist: exponential, mean: 300 }
  patience: { dist: exponential, mean: 180 }
agents:
  - { group: general, count: 100 }
`;

/** Erlang A at offered load 95 with 100 agents; the variant has 98 agents and declares another seed. */
const BASE = TINY.replace('name: tiny', 'name: erlang-a-100').replace('seed: 3', 'seed: 11').replace('replications: 2', 'replications: 10');
const V98 = `extends: base.yaml
name: erlang-a-98
seed: 12345
agents:
  - { group: general, count: 98 }
`;

const WRONG_TYPE = `name: wrong-type
horizon: { calls: 1000 }
inbound:
  arrivals: { perHour: 100 }
  handleTime: { dist: exponential, mean: "long" }
agents:
  - { group: general, count: 3 }
`;

const UNKNOWN_FIELD = `name: unknown-field
horizon: { calls: 1000 }
inbound:
  arrivals: { perHour: 100 }
  handleTime: { dist: exponential, mean: 100 }
agents:
  - { group: general, count: 3, skill: sales }
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccsim-cli-'));
  writeFileSync(at('tiny.yaml'), TINY);
  writeFileSync(at('base.yaml'), BASE);
  writeFileSync(at('v98.yaml'), V98);
  writeFileSync(at('wrong-type.yaml'), WRONG_TYPE);
  writeFileSync(at('unknown-field.yaml'), UNKNOWN_FIELD);
  writeFileSync(at('invalid.yaml'), 'name: invalid\ninbound: [1, 2\nagents: []\n');
  writeFileSync(at('child-of-bad.yaml'), 'extends: wrong-type.yaml\nname: child\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

describe('ccsim run', () => {
  it('--json prints exactly one results document, valid, honouring --replications and --seed', async () => {
    const o = await ccsim('run', at('tiny.yaml'), '--json', '--replications', '3', '--seed', '5');
    expect(o.code).toBe(0);
    expect(o.stderr).toBe('');
    const doc = oneJson<ResultsDocument>(o.stdout);
    expectValid(resultsDocumentSchema, doc);
    expect(doc.scenario).toBe('tiny');
    expect(doc.seed).toBe(5);
    expect(doc.replications).toBe(3);
    for (const k of INBOUND_KPIS) expect(doc.kpis[k.name].values).toHaveLength(3);
    expect(doc.perf.calls).toBe(3 * 20000);

    // Byte-identical apart from perf when run again.
    const again = await ccsim('run', at('tiny.yaml'), '--json', '--replications', '3', '--seed', '5');
    expect(noPerf(oneJson(again.stdout))).toBe(noPerf(doc));

    // Keyed draws: replication r is the same whatever the number of replications.
    const two = oneJson<ResultsDocument>((await ccsim('run', at('tiny.yaml'), '--json', '--seed', '5')).stdout);
    expect(two.replications).toBe(2);
    expect(two.kpis.asa.values).toEqual(doc.kpis.asa.values.slice(0, 2));
  });

  it('the realistic day with --replications 2: valid and byte-identical apart from perf', async () => {
    const a = await ccsim('run', REALISTIC_DAY, '--replications', '2', '--json');
    const b = await ccsim('run', REALISTIC_DAY, '--replications', '2', '--json');
    expect([a.code, b.code]).toEqual([0, 0]);
    const doc = oneJson<ResultsDocument>(a.stdout);
    expectValid(resultsDocumentSchema, doc);
    expect(doc).toMatchObject({ scenario: 'inbound-realistic-day', seed: 7, replications: 2 });
    expect(doc.series!.intervalSeconds).toBe(900);
    expect(doc.series!.rows[0].start).toBe('2026-03-02T07:00');
    expect(doc.series!.rows).toHaveLength(14 * 4);
    expect(noPerf(oneJson(b.stdout))).toBe(noPerf(doc));
  });

  it('without --json prints a table of KPIs', async () => {
    const o = await ccsim('run', at('tiny.yaml'), '--replications', '2');
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/^tiny: 2 replications, seed 3, 40,000 calls/);
    expect(o.stdout).toContain('95% CI');
    expect(o.stdout).toMatch(/^asa\s/m);
  });

  it('--out DIR writes DIR/results.json atomically: the same bytes as stdout, no temporary files left', async () => {
    const out = at('out/nested');
    const o = await ccsim('run', at('tiny.yaml'), '--json', '--out', out);
    expect(o.code).toBe(0);
    expect(readdirSync(out)).toEqual(['results.json']);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(o.stdout);
    const declared = oneJson<ResultsDocument>(o.stdout);
    expect([declared.seed, declared.replications]).toEqual([3, 2]); // the file's own values without overrides

    // Written again (over the existing file), now from the table mode: still only results.json, a valid document.
    const table = await ccsim('run', at('tiny.yaml'), '--out', out, '--seed', '9');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('seed 9');
    expect(readdirSync(out)).toEqual(['results.json']);
    const written = oneJson<ResultsDocument>(readFileSync(join(out, 'results.json'), 'utf8'));
    expectValid(resultsDocumentSchema, written);
    expect(written.seed).toBe(9);
    expect(written.kpis.asa.values).not.toEqual(declared.kpis.asa.values);
    expect(written.provenance.scenarioHash).not.toBe(declared.provenance.scenarioHash); // overrides are hashed
  });
});

describe('bad scenarios: exit 2, one line on stderr naming the file and the field, nothing written', () => {
  const cases: { what: string; file: string; extra?: string[]; where: string; field?: string }[] = [
    { what: 'a field of the wrong type', file: 'wrong-type.yaml', where: 'wrong-type.yaml:5: ', field: 'inbound.handleTime.mean: expected a number > 0, found "long"' },
    { what: 'an unknown field', file: 'unknown-field.yaml', where: 'unknown-field.yaml:7: ', field: 'agents[0].skill: unknown field' },
    { what: 'a bad field in an extended base file', file: 'child-of-bad.yaml', where: 'wrong-type.yaml:5: ', field: 'inbound.handleTime.mean: ' },
    { what: 'a missing file', file: 'missing.yaml', where: 'missing.yaml: ', field: 'no such file' },
    { what: 'invalid YAML', file: 'invalid.yaml', where: 'invalid.yaml:3:1: ', field: 'expected valid YAML' },
    { what: 'a bad --set', file: 'tiny.yaml', extra: ['--set', 'agents.0.count=-3'], where: '--set agents.0.count=-3: ', field: 'agents[0].count: expected an integer >= 0, found -3' },
    { what: 'a --set path that is not a path=value', file: 'tiny.yaml', extra: ['--set', 'agents'], where: '--set agents: ', field: 'expected path=value' },
  ];

  it.each(cases)('$what', async ({ file, extra = [], where, field }) => {
    const out = at(`never-${file}`);
    const stderr = expectScenarioError(await ccsim('run', at(file), '--json', '--out', out, ...extra));
    expect(stderr).toContain(where);
    if (field) expect(stderr).toContain(field);
    expect(existsSync(out)).toBe(false);
  });

  it('in compare too, for any of the files', async () => {
    const stderr = expectScenarioError(await ccsim('compare', at('tiny.yaml'), at('unknown-field.yaml'), '--json'));
    expect(stderr).toContain('unknown-field.yaml:7: agents[0].skill');
  });
});

describe('usage mistakes exit 2', () => {
  const tiny = () => at('tiny.yaml');
  const erlang = ['erlang', '--arrivals-per-hour', '200', '--aht', '180'];
  const cases: [string, () => string[]][] = [
    ['an unknown command', () => ['frobnicate']],
    ['no command', () => []],
    ['an unknown option', () => ['run', tiny(), '--bogus']],
    ['a missing scenario argument', () => ['run']],
    ['--seed -1', () => ['run', tiny(), '--seed', '-1']],
    ['--seed 1.5', () => ['run', tiny(), '--seed', '1.5']],
    ['--seed beyond 32 bits', () => ['run', tiny(), '--seed', String(2 ** 32)]],
    ['--replications 0', () => ['run', tiny(), '--replications', '0']],
    ['compare with one file', () => ['compare', tiny()]],
    ['erlang without --agents', () => erlang],
    ['erlang with a bad --agents', () => [...erlang, '--agents', '12-16']],
    ['erlang with a reversed --agents range', () => [...erlang, '--agents', '16..12']],
    ['erlang with --target-sl 1', () => [...erlang, '--agents', '14', '--target-sl', '1']],
    ['erlang with --max-abandon 0', () => [...erlang, '--agents', '14', '--patience', '300', '--max-abandon', '0']],
  ];

  it.each(cases)('%s', async (_what, args) => {
    expectUsageError(await ccsim(...args()));
  });

  it('erlang --max-abandon without --patience explains itself in one line', async () => {
    const o = await ccsim(...erlang, '--agents', '14', '--max-abandon', '0.02', '--json');
    expectUsageError(o);
    expect(o.stderr).toBe('ccsim: --max-abandon needs --patience (without it nobody abandons)\n');
  });
});

describe('an output path that cannot be written exits 2 with one line naming it', () => {
  it('--out pointing at a file, or below one', async () => {
    const file = at('not-a-folder');
    writeFileSync(file, 'x');
    for (const out of [file, join(file, 'sub')]) {
      const o = await ccsim('run', at('tiny.yaml'), '--out', out);
      expect(o.code).toBe(2);
      expect(o.stderr.startsWith(`ccsim: ${out}: expected a folder`)).toBe(true);
      expect(o.stderr.split('\n')).toHaveLength(2);
    }
  });
});

describe('--help and --version exit 0', () => {
  it.each([['--help'], ['run', '--help'], ['help', 'compare'], ['erlang', '--help']].map((a) => [a.join(' '), a] as const))('%s', async (_name, args) => {
    const o = await ccsim(...args);
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/^Usage: ccsim/);
  });

  it('--version', async () => {
    expect(await ccsim('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('ccsim compare', () => {
  let cmp: CompareDocument;

  beforeAll(async () => {
    const o = await ccsim('compare', at('base.yaml'), at('v98.yaml'), '--json');
    expect(o.code).toBe(0);
    expect(o.stderr).toBe('');
    cmp = oneJson<CompareDocument>(o.stdout);
  });

  it('--json prints one comparison document: every variant and the differences of every KPI', () => {
    expectValid(compareDocumentSchema, cmp);
    expect(cmp.variants.map((v) => v.scenario)).toEqual(['erlang-a-100', 'erlang-a-98']);
    expect(Object.keys(cmp.differences)).toEqual(['erlang-a-98']);
    const d = cmp.differences['erlang-a-98'];
    expect(Object.keys(d)).toEqual(kpiDefsFor({ inbound: true, outbound: false }).map((k) => k.name));
    expect(d.asa.mean).toBeCloseTo(cmp.variants[1].kpis.asa.mean! - cmp.variants[0].kpis.asa.mean!, 9);
    expect(d.agentsStaffed.mean).toBeCloseTo(-2, 9);
  });

  it('all variants run with the baseline seed and replications, though the second file declares another seed', () => {
    for (const v of cmp.variants) expect([v.seed, v.replications]).toEqual([11, 10]);
  });

  it('pairing narrows the 95% CI of the ASA difference (2 fewer agents) by more than 2x', () => {
    const d = cmp.differences['erlang-a-98'].asa;
    const paired = d.ci95![1] - d.ci95![0];
    const unpaired = d.unpairedCi95![1] - d.unpairedCi95![0];
    // Measured: paired width 0.230 s, unpaired 1.273 s, ratio 5.54 (seed 11, 10 replications of 20,000 calls;
    // seeds 1-5 give 4.3-6.7).
    expect(unpaired / paired).toBeGreaterThan(2);
    expect(d.mean!).toBeGreaterThan(d.ci95![0]);
    expect(d.mean!).toBeLessThan(d.ci95![1]);
    expect(d.ci95![0]).toBeGreaterThan(0); // fewer agents: longer waits, resolved by the paired interval
  });

  it('a variant is exactly what `run` gives for that file with the baseline seed', async () => {
    const alone = await ccsim('run', at('v98.yaml'), '--seed', '11', '--json');
    expect(noPerf(oneJson(alone.stdout))).toBe(noPerf(cmp.variants[1]));
  });

  it('--seed and --replications apply to every variant', async () => {
    const o = await ccsim('compare', at('base.yaml'), at('v98.yaml'), '--seed', '5', '--replications', '3', '--json');
    const c = oneJson<CompareDocument>(o.stdout);
    for (const v of c.variants) expect([v.seed, v.replications]).toEqual([5, 3]);
  });

  it('the same file given three times keeps one differences entry per variant', async () => {
    const o = await ccsim('compare', at('tiny.yaml'), at('tiny.yaml'), at('tiny.yaml'), '--replications', '2', '--json');
    const c = oneJson<CompareDocument>(o.stdout);
    expectValid(compareDocumentSchema, c);
    expect(Object.keys(c.differences)).toHaveLength(2);
    for (const d of Object.values(c.differences)) {
      expect(d.asa).toMatchObject({ mean: 0, ci95: [0, 0] }); // identical runs: zero paired difference
      expect(d.asa.unpairedCi95![1]).toBeGreaterThan(0); // which an unpaired interval cannot see
    }
  });

  it('without --json prints the paired and unpaired intervals side by side', async () => {
    const o = await ccsim('compare', at('tiny.yaml'), at('tiny.yaml'), '--replications', '2');
    expect(o.code).toBe(0);
    expect(o.stdout).toContain('paired 95% CI');
    expect(o.stdout).toContain('CI narrowing');
  });
});

describe('ccsim erlang', () => {
  const args = ['erlang', '--arrivals-per-hour', '200', '--aht', '180', '--patience', '300', '--json'];
  type ErlangJson = {
    rows: {
      agents: number;
      erlangC: { waitProbability: number; serviceLevel: number; asa: number };
      erlangA: { waitProbability: number; abandonProbability: number; serviceLevel: number };
    }[];
    staffing: { agents: number; model: string } | null;
  };
  const erlang = async (...extra: string[]) => {
    const o = await ccsim(...args, ...extra);
    expect(o.code).toBe(0);
    expect(o.stderr).toBe('');
    const doc = oneJson<ErlangJson>(o.stdout);
    expectValid(erlangDocumentSchema, doc);
    return doc;
  };

  it("reproduces DOMAIN.md's reference points (c = 14, 200 calls/h, AHT 180 s, patience 300 s, T = 20 s)", async () => {
    const doc = await erlang('--agents', '14');
    expect(doc.rows).toHaveLength(1);
    const { erlangC: c, erlangA: a } = doc.rows[0];
    expect(c.waitProbability).toBeCloseTo(0.174132, 6);
    expect(c.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(c.asa).toBeCloseTo(7.836, 3);
    expect(a.waitProbability).toBeCloseTo(0.14526, 6);
    expect(a.abandonProbability).toBeCloseTo(0.013984, 6);
    expect(a.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(doc.staffing).toBeNull();
  });

  it('--agents 12..16 gives 5 rows, and c = 12 matches DOMAIN.md too', async () => {
    const doc = await erlang('--agents', '12..16');
    expect(doc.rows.map((r) => r.agents)).toEqual([12, 13, 14, 15, 16]);
    expect(doc.rows[0].erlangA.abandonProbability).toBeCloseTo(0.042711, 6);
    expect(doc.rows[0].erlangA.serviceLevel).toBeCloseTo(0.772279, 6);
  });

  it('--target-sl 0.9 gives the fewest agents meeting it, consistent with the rows (Erlang A, and C without patience)', async () => {
    const a = await erlang('--agents', '12..16', '--target-sl', '0.9');
    const firstA = a.rows.find((r) => r.erlangA.serviceLevel >= 0.9)!;
    expect(a.staffing).toEqual({ agents: firstA.agents, model: 'A' });
    expect(a.staffing!.agents).toBe(14);
    expect(a.rows.find((r) => r.agents === 13)!.erlangA.serviceLevel).toBeLessThan(0.9);

    const o = await ccsim('erlang', '--arrivals-per-hour', '200', '--aht', '180', '--agents', '12..16', '--target-sl', '0.9', '--json');
    const c = oneJson<ErlangJson>(o.stdout);
    const firstC = c.rows.find((r) => r.erlangC.serviceLevel >= 0.9)!;
    expect(c.staffing).toEqual({ agents: firstC.agents, model: 'C' });
    expect(c.staffing!.agents).toBe(15);
  });

  it('--max-abandon gives the fewest agents with abandonment at most that', async () => {
    const doc = await erlang('--agents', '10..16', '--max-abandon', '0.02');
    const first = doc.rows.find((r) => r.erlangA.abandonProbability <= 0.02)!;
    expect(doc.staffing).toEqual({ agents: first.agents, model: 'A' });
    expect(doc.rows.find((r) => r.agents === first.agents - 1)!.erlangA.abandonProbability).toBeGreaterThan(0.02);
  });

  it('without --json prints a table and the staffing answer', async () => {
    const o = await ccsim('erlang', '--arrivals-per-hour', '200', '--aht', '180', '--agents', '14', '--target-sl', '0.8');
    expect(o.code).toBe(0);
    expect(o.stdout).toContain('offered load 10.00 Erlangs');
    expect(o.stdout).toMatch(/fewest agents with service level >= 0.8 \(Erlang C\): \d+/);
  });
});

describe('as a real process (node bin/ccsim.js)', () => {
  it('run --json: exit 0, one valid document, silent stderr, the same bytes as in process apart from perf', async () => {
    const p = ccsimProcess('run', at('tiny.yaml'), '--json');
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    const doc = oneJson<ResultsDocument>(p.stdout);
    expectValid(resultsDocumentSchema, doc);
    const inProcess = await ccsim('run', at('tiny.yaml'), '--json');
    expect(noPerf(doc)).toBe(noPerf(oneJson(inProcess.stdout)));
  });

  it('a bad scenario: exit 2, one line on stderr, no stack trace, nothing on stdout, no --out directory', () => {
    const out = at('process-out');
    const p = ccsimProcess('run', at('wrong-type.yaml'), '--json', '--out', out);
    expect(p.code).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toBe(`ccsim: ${at('wrong-type.yaml')}:5: inbound.handleTime.mean: expected a number > 0, found "long"\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('usage mistakes: exit 2 without a stack trace', () => {
    for (const args of [['run', at('tiny.yaml'), '--seed', '-1'], ['erlang', '--agents', '14', '--arrivals-per-hour', '200', '--aht', '180', '--max-abandon', '0']]) {
      const p = ccsimProcess(...args);
      expect(p.code).toBe(2);
      expect(p.stdout).toBe('');
      expect(p.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('--version: exit 0', () => {
    expect(ccsimProcess('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
