import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MERGE_ALTERNATIVES,
  ScenarioError,
  canonicalJson,
  formatPath,
  formatValue,
  loadScenario,
  parseScenario,
  scenarioHash,
  type LoadedScenario,
} from '../../scenarios/load.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Fixture paths are relative to the repository root, as a user would type them. */
const F = nodePath.relative(process.cwd(), fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url)));
const fx = (name: string) => nodePath.join(F, name);

const tmp = mkdtempSync(nodePath.join(tmpdir(), 'ccsim-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function writeTmp(name: string, text: string): string {
  const p = nodePath.join(tmp, name);
  mkdirSync(nodePath.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** The ScenarioError thrown by `fn` (fails the test when nothing, or something else, is thrown). */
function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but nothing was thrown');
}

function expectOneLine(e: ScenarioError): void {
  expect(e.message).not.toMatch(/[\r\n]/);
  expect(e.message).not.toMatch(/\bat .+:\d+:\d+\)?$/m); // no stack frames
  expect(e.message).not.toContain('ZodError');
  expect(e.name).toBe('ScenarioError');
}

const MINIMAL = `name: inbound-erlang-a
horizon: { calls: 200000 }
inbound:
  arrivals:
    perHour: 1140
  handleTime: { dist: exponential, mean: 180 }
  patience: { dist: exponential, mean: 300 }
agents:
  - group: general
    count: 100
`;

describe('loading files', () => {
  it('loads YAML with defaults and reports path, files and hash', () => {
    const r: LoadedScenario = loadScenario(fx('minimal.yaml'));
    expect(r.path).toBe(fx('minimal.yaml'));
    expect(r.files).toEqual([fx('minimal.yaml')]);
    expect(r.scenario.replications).toBe(1);
    expect(r.scenario.serviceLevel).toEqual({ seconds: 20 });
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.hash).toBe(scenarioHash(r.scenario));
  });

  it('JSON and YAML with the same content give equal results and hashes', () => {
    const y = loadScenario(fx('minimal.yaml'));
    const j = loadScenario(fx('minimal.json'));
    expect(j.scenario).toEqual(y.scenario);
    expect(j.hash).toBe(y.hash);
  });

  it('accepts .yml', () => {
    const p = writeTmp('short.yml', MINIMAL);
    expect(loadScenario(p).scenario.name).toBe('inbound-erlang-a');
  });

  it('ignores a $schema key (editor support) without changing the hash', () => {
    const p = writeTmp('with-schema.yaml', `$schema: ../scenario.schema.json\n${MINIMAL}`);
    expect(loadScenario(p).hash).toBe(loadScenario(fx('minimal.yaml')).hash);
  });

  it('loads the full documented example and the profile example', () => {
    expect(loadScenario(fx('example.yaml')).scenario.agents[0].breaks).toHaveLength(2);
    expect(loadScenario(fx('profile.yaml')).scenario.agents.map((g) => g.group)).toEqual(['day', 'late', 'night']);
  });
});

describe('shipped scenarios', () => {
  const dir = nodePath.join(repoRoot, 'scenarios');
  const shipped = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'scenario.schema.json')
    .sort();

  it('every scenarios/*.yaml and scenarios/*.json file loads and validates', () => {
    for (const f of shipped) {
      const p = nodePath.join(dir, f);
      let r: LoadedScenario;
      try {
        r = loadScenario(p);
      } catch (e) {
        throw new Error(`${f}: ${(e as Error).message}`);
      }
      expect(r.scenario.name.length, f).toBeGreaterThan(0);
      expect(r.hash, f).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('error messages', () => {
  it('unknown field: file, line, path and the allowed fields', () => {
    const e = errorOf(() => loadScenario(fx('unknown-field.yaml')));
    expect(e.message).toBe(
      `${fx('unknown-field.yaml')}:4: agents[0].cont: unknown field (expected one of group, count, channels, skills, shift, breaks) (and 1 more problem)`,
    );
    expect(e.file).toBe(fx('unknown-field.yaml'));
    expect(e.line).toBe(4);
    expect(e.path).toBe('agents[0].cont');
    expect(e.expected).toBe('one of group, count, channels, skills, shift, breaks');
    expectOneLine(e);
  });

  it('bad value: the line of the field and the value found', () => {
    const e = errorOf(() => loadScenario(fx('bad-value.yaml')));
    expect(e.message).toBe(
      `${fx('bad-value.yaml')}:8: inbound.handleTime.mean: expected a number > 0, found -3 (and 1 more problem)`,
    );
    expect(e.expected).toBe('a number > 0');
    expect(e.found).toBe('-3');
    expect(e.moreProblems).toBe(1);
    expectOneLine(e);
  });

  it('JSON files get line numbers too', () => {
    const e = errorOf(() => loadScenario(fx('bad-dist.json')));
    expect(e.message).toBe(
      `${fx('bad-dist.json')}:6: inbound.handleTime.dist: expected one of exponential, deterministic, uniform, lognormal, gamma, erlang, weibull, empirical, found "normal"`,
    );
  });

  it('reports the first problem in document order, not schema order', () => {
    // agents is written before inbound; the schema declares inbound first.
    const p = writeTmp(
      'order.yaml',
      `name: order
horizon: { calls: 100 }
agents:
  - group: g
    count: -1
inbound:
  arrivals: { perHour: 1 }
  handleTime: { dist: exponential, mean: 0 }
`,
    );
    const e = errorOf(() => loadScenario(p));
    expect(e.message).toBe(`${p}:5: agents[0].count: expected an integer >= 0, found -1 (and 1 more problem)`);
    // and the same problems with inbound written first
    const q = writeTmp(
      'order2.yaml',
      `name: order
horizon: { calls: 100 }
inbound:
  arrivals: { perHour: 1 }
  handleTime: { dist: exponential, mean: 0 }
agents:
  - group: g
    count: -1
`,
    );
    expect(errorOf(() => loadScenario(q)).path).toBe('inbound.handleTime.mean');
  });

  it('a missing field points at its parent', () => {
    const p = writeTmp(
      'missing.yaml',
      `name: missing
horizon: { calls: 100 }
inbound:
  arrivals: { perHour: 1 }
  handleTime: { dist: exponential, mean: 10 }
agents:
  - group: g
  - group: h
    count: 2
`,
    );
    const e = errorOf(() => loadScenario(p));
    expect(e.message).toBe(`${p}:7: agents[0].count: expected an integer >= 0, found nothing`);
    const noName = writeTmp('noname.yaml', MINIMAL.replace('name: inbound-erlang-a\n', ''));
    expect(errorOf(() => loadScenario(noName)).message).toBe(`${noName}: name: expected a non-empty string, found nothing`);
  });

  it('long values are truncated and strings quoted', () => {
    const e = errorOf(() => parseScenario({ name: 7, description: 'x' }, 'mem'));
    expect(e.message.startsWith('mem: name: expected a non-empty string, found 7 (and ')).toBe(true);
    const long = errorOf(() =>
      parseScenario({ name: 'x', seed: Array.from({ length: 100 }, (_, i) => i) }, 'mem'),
    );
    expect(long.path).toBe('seed');
    expect(long.found.startsWith('[0, 1, 2, 3')).toBe(true);
    expect(long.found.length).toBeLessThanOrEqual(60);
    expect(long.found.endsWith('...')).toBe(true);
    expectOneLine(long);
    expect(formatValue('a\nb')).toBe('"a\\nb"');
    expect(formatValue({ a: [1, 'x'], 'b c': null })).toBe('{ a: [1, "x"], "b c": null }');
    expect(formatValue(undefined)).toBe('nothing');
  });

  it('missing and unreadable files', () => {
    const missing = errorOf(() => loadScenario(fx('nope.yaml')));
    expect(missing.message).toBe(`${fx('nope.yaml')}: expected a readable scenario file, found no such file`);
    expect(missing.path).toBe('');
    const dirYaml = nodePath.join(tmp, 'dir.yaml');
    mkdirSync(dirYaml, { recursive: true });
    expect(errorOf(() => loadScenario(dirYaml)).message).toBe(
      `${dirYaml}: expected a readable scenario file, found a directory`,
    );
    if (process.getuid?.() !== 0) {
      const locked = writeTmp('locked.yaml', MINIMAL);
      chmodSync(locked, 0o000);
      expect(errorOf(() => loadScenario(locked)).found).toBe('a file without read permission');
    }
    expect(errorOf(() => loadScenario(fx('not-a-scenario.txt'))).message).toBe(
      `${fx('not-a-scenario.txt')}: expected a .yaml, .yml or .json file, found "${fx('not-a-scenario.txt')}"`,
    );
  });

  it('invalid YAML and JSON report line:column', () => {
    const dup = errorOf(() => loadScenario(fx('duplicate-key.yaml')));
    expect(dup.message).toBe(`${fx('duplicate-key.yaml')}:3:1: expected valid YAML, found a duplicate key (Map keys must be unique)`);
    expect([dup.line, dup.column]).toEqual([3, 1]);
    const syntax = errorOf(() => loadScenario(fx('bad-syntax.yaml')));
    expect(syntax.message).toMatch(new RegExp(`^${escape(fx('bad-syntax.yaml'))}:4:1: expected valid YAML, found .+`));
    expectOneLine(syntax);
    const json = errorOf(() => loadScenario(fx('bad-syntax.json')));
    expect(json.message).toBe(`${fx('bad-syntax.json')}:4:45: expected valid JSON, found "]" where a value was expected`);
    const jsonDup = errorOf(() => loadScenario(fx('duplicate-key.json')));
    expect(jsonDup.message).toBe(`${fx('duplicate-key.json')}:4:3: expected valid JSON, found a duplicate key "name"`);
    const truncated = writeTmp('truncated.json', '{\n  "name": "x",\n  "horizon": {');
    expect(errorOf(() => loadScenario(truncated)).message).toBe(
      `${truncated}:3:15: expected valid JSON, found the end of the file where a quoted member name was expected`,
    );
    const multi = writeTmp('multi.yaml', 'name: a\n---\nname: b\n');
    expect(errorOf(() => loadScenario(multi)).line).toBe(2);
  });

  it('a document that is not a mapping', () => {
    expect(errorOf(() => loadScenario(fx('empty.yaml'))).message).toBe(
      `${fx('empty.yaml')}: expected a mapping of scenario fields (name, horizon, inbound, agents, ...), found an empty document`,
    );
    expect(errorOf(() => loadScenario(fx('list.yaml'))).found).toBe('["a list"]');
  });

  it('errors are ScenarioError instances with a plain one-line message', () => {
    for (const f of ['unknown-field.yaml', 'bad-value.yaml', 'bad-syntax.yaml', 'cycle/a.yaml', 'missing-base.yaml']) {
      const e = errorOf(() => loadScenario(fx(f)));
      expect(e).toBeInstanceOf(Error);
      expectOneLine(e);
      expect(e.message.startsWith(F)).toBe(true);
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('extends', () => {
  it('merges a chain of three files: objects by key, arrays and scalars replaced', () => {
    const r = loadScenario(fx('chain/sub/top.yaml'));
    expect(r.files).toEqual([fx('chain/sub/top.yaml'), fx('chain/mid.yaml'), fx('chain/shared/base.yaml')]);
    const s = r.scenario;
    expect(s.name).toBe('top'); // scalar from the child
    expect(s.description).toBe('shared defaults'); // only in the base
    expect(s.seed).toBe(7);
    expect(s.replications).toBe(3);
    expect(s.warmup).toEqual({ calls: 5000 });
    expect(s.inbound!.arrivals).toEqual({
      perHour: 700, // top
      weekdayFactors: { mon: 1, tue: 1, wed: 1, thu: 1, fri: 1, sat: 0.5, sun: 0 }, // sat from base, sun from mid
    });
    expect(s.inbound!.handleTime).toEqual({ dist: 'gamma', mean: 200, cv: 0.7 }); // base
    // mid replaced the base's exponential patience (different dist); top changed one parameter of mid's
    expect(s.inbound!.patience).toEqual({ dist: 'weibull', shape: 0.8, scale: 250 });
    expect(s.agents).toEqual([{ group: 'mid', count: 30 }]); // the array replaced, not merged
    expect('extends' in s).toBe(false);
  });

  it('the same content through extends or written flat (other key order) has the same hash', () => {
    const chained = loadScenario(fx('chain/sub/top.yaml'));
    const flat = loadScenario(fx('chain/flat.yaml'));
    expect(flat.scenario).toEqual(chained.scenario);
    expect(flat.hash).toBe(chained.hash);
    expect(loadScenario(fx('chain/mid.yaml')).hash).not.toBe(chained.hash);
  });

  it('a field from the base is reported in the base file, at its line', () => {
    const e = errorOf(() => loadScenario(fx('bad-base/child.yaml')));
    expect(e.message).toBe(`${fx('bad-base/base.yaml')}:8: inbound.handleTime.k: expected an integer >= 1, found 0`);
    expect(e.file).toBe(fx('bad-base/base.yaml'));
  });

  it('a field from the child is reported in the child file, and overriding the bad base field fixes it', () => {
    const e = errorOf(() => loadScenario(fx('bad-base/child-bad.yaml')));
    expect(e.message).toBe(`${fx('bad-base/child-bad.yaml')}:7: agents[0].count: expected an integer >= 0, found -6`);
    const fixed = writeTmp('bad-base-fixed.yaml', `extends: ${nodePath.resolve(fx('bad-base/base.yaml'))}\ninbound:\n  handleTime: { k: 2 }\n`);
    expect(loadScenario(fixed).scenario.inbound!.handleTime).toEqual({ dist: 'erlang', mean: 180, k: 2 });
  });

  it('detects cycles, including a file extending itself', () => {
    const e = errorOf(() => loadScenario(fx('cycle/a.yaml')));
    expect(e.message).toBe(
      `${fx('cycle/b.yaml')}:2: extends: expected an extends chain without cycles, found a cycle ${fx('cycle/a.yaml')} -> ${fx('cycle/b.yaml')} -> ${fx('cycle/a.yaml')}`,
    );
    const self = errorOf(() => loadScenario(fx('cycle/self.yaml')));
    expect(self.message).toBe(
      `${fx('cycle/self.yaml')}:1: extends: expected an extends chain without cycles, found a cycle ${fx('cycle/self.yaml')} -> ${fx('cycle/self.yaml')}`,
    );
  });

  it('a missing base is reported at the extends line', () => {
    const e = errorOf(() => loadScenario(fx('missing-base.yaml')));
    expect(e.message).toBe(
      `${fx('missing-base.yaml')}:1: extends: expected a readable scenario file, found "does-not-exist.yaml" (${fx('does-not-exist.yaml')}: no such file)`,
    );
    const badType = writeTmp('extends-number.yaml', 'extends: 5\nname: x\n');
    expect(errorOf(() => loadScenario(badType)).message).toBe(
      `${badType}:1: extends: expected a path to a base scenario file (relative to this file), found 5`,
    );
  });

  it('YAML can extend JSON and the other way round', () => {
    const child = writeTmp('json-child.json', JSON.stringify({ extends: nodePath.resolve(fx('minimal.yaml')), replications: 4 }));
    expect(loadScenario(child).scenario.replications).toBe(4);
    const ychild = writeTmp('yaml-child.yaml', `extends: ${nodePath.resolve(fx('minimal.json'))}\nseed: 9\n`);
    const r = loadScenario(ychild);
    expect(r.scenario.seed).toBe(9);
    expect(r.files).toEqual([ychild, nodePath.resolve(fx('minimal.json'))]);
  });

  it('null removes an inherited field; alternatives displace each other', () => {
    const basePath = writeTmp('alt/base.yaml', `${MINIMAL}warmup: { calls: 10 }\n`);
    const child = writeTmp(
      'alt/child.yaml',
      `extends: base.yaml
horizon: { hours: 8 }
warmup: null
inbound:
  arrivals:
    profile: [{ from: "08:00", perHour: 10 }]
  talkTime: { dist: uniform, min: 1, max: 2 }
  patience: null
`,
    );
    expect(loadScenario(basePath).scenario.warmup).toEqual({ calls: 10 });
    const s = loadScenario(child).scenario;
    expect(s.horizon).toEqual({ hours: 8 });
    expect(s.warmup).toBeUndefined();
    expect(s.inbound!.patience).toBeUndefined();
    expect(s.inbound!.handleTime).toBeUndefined();
    expect(s.inbound!.talkTime).toEqual({ dist: 'uniform', min: 1, max: 2 });
    expect('perHour' in s.inbound!.arrivals).toBe(false);
    expect(MERGE_ALTERNATIVES.map((a) => a.path)).toContain('horizon');
  });

  it('within the same dist kind, parameters merge key by key', () => {
    const child = writeTmp('mean-child.yaml', `extends: ${nodePath.resolve(fx('minimal.yaml'))}\ninbound:\n  patience: { mean: 240 }\n`);
    expect(loadScenario(child).scenario.inbound!.patience).toEqual({ dist: 'exponential', mean: 240 });
  });
});

describe('--set overrides', () => {
  const base = fx('set/base.yaml');

  it('sets numbers by dotted path with array indices', () => {
    const r = loadScenario(base, { set: ['agents.0.count=90', 'inbound.patience.mean=240'] });
    expect(r.scenario.agents[0]).toEqual({ group: 'general', count: 90 });
    expect(r.scenario.agents[1]).toEqual({ group: 'backup', count: 5 });
    expect(r.scenario.inbound!.patience).toEqual({ dist: 'exponential', mean: 240 });
    expect(r.hash).not.toBe(loadScenario(base).hash);
  });

  it('sets strings (YAML-parsed values) and nested objects, replacing rather than merging', () => {
    const r = loadScenario(base, {
      set: ['name=hello world', 'description="42"', 'inbound.patience={dist: deterministic, value: 5}', 'inbound.queue.capacity=3'],
    });
    expect(r.scenario.name).toBe('hello world');
    expect(r.scenario.description).toBe('42');
    expect(r.scenario.inbound!.patience).toEqual({ dist: 'deterministic', value: 5 });
    expect(r.scenario.inbound!.queue).toEqual({ capacity: 3 }); // intermediate object created
  });

  it('appends to arrays, removes with null, and later assignments win', () => {
    const r = loadScenario(base, {
      set: ['agents.2={group: extra, count: 1}', 'inbound.patience=null', 'seed=3', 'seed=4'],
    });
    expect(r.scenario.agents.map((g) => g.group)).toEqual(['general', 'backup', 'extra']);
    expect(r.scenario.inbound!.patience).toBeUndefined();
    expect(r.scenario.seed).toBe(4);
  });

  it('seed and replications overrides are applied after set', () => {
    const r = loadScenario(base, { set: ['seed=3', 'replications=2'], seed: 11, replications: 6 });
    expect(r.scenario.seed).toBe(11);
    expect(r.scenario.replications).toBe(6);
  });

  it('invalid values are reported against the override', () => {
    expect(errorOf(() => loadScenario(base, { set: ['inbound.patience.mean=-1'] })).message).toBe(
      '--set inbound.patience.mean=-1: inbound.patience.mean: expected a number > 0, found -1',
    );
    expect(errorOf(() => loadScenario(base, { set: ['horizon.days=3'] })).message).toBe(
      '--set horizon.days=3: horizon.days: unknown field (expected one of calls)',
    );
    expect(errorOf(() => loadScenario(base, { seed: -5 })).message).toBe(
      '--seed: seed: expected an integer 0..4294967295, found -5',
    );
    expect(errorOf(() => loadScenario(base, { replications: 0 })).message).toBe(
      '--replications: replications: expected an integer >= 1, found 0',
    );
  });

  it('malformed assignments', () => {
    expect(errorOf(() => loadScenario(base, { set: ['noequals'] })).message).toBe(
      '--set noequals: expected path=value (e.g. agents.0.count=90), found "noequals"',
    );
    expect(errorOf(() => loadScenario(base, { set: ['a..b=1'] })).message).toBe(
      '--set a..b=1: expected a dotted field path (e.g. inbound.patience.mean), found "a..b"',
    );
    expect(errorOf(() => loadScenario(base, { set: ['agents.5.count=1'] })).message).toBe(
      '--set agents.5.count=1: agents: expected a list index 0..2 (2 appends), found 5',
    );
    expect(errorOf(() => loadScenario(base, { set: ['agents.first.count=1'] })).path).toBe('agents');
    expect(errorOf(() => loadScenario(base, { set: ['name.x=1'] })).message).toBe(
      '--set name.x=1: name: expected an object or list to set "x" in, found "set-base"',
    );
    const yamlErr = errorOf(() => loadScenario(base, { set: ['name=[1'] }));
    expect(yamlErr.file).toBe('--set name=[1');
    expectOneLine(yamlErr);
  });

  it('a field not set by the override is still reported in its file', () => {
    // bad-value.yaml also has agents[0].count 1.5 and a duplicate group name; fix both by override
    const e = errorOf(() => loadScenario(fx('bad-value.yaml'), { set: ['agents.0.count=4', 'agents.1.group=other'] }));
    expect(e.message).toBe(`${fx('bad-value.yaml')}:8: inbound.handleTime.mean: expected a number > 0, found -3`);
  });
});

describe('parseScenario', () => {
  const raw = () => JSON.parse(JSON.stringify(loadScenario(fx('minimal.json')).scenario));

  it('validates in-memory objects without modifying them', () => {
    const obj = { name: 'm', horizon: { calls: 5 }, inbound: { arrivals: { perHour: 1 }, handleTime: { dist: 'deterministic', value: 3 } }, agents: [{ group: 'g', count: 1 }] };
    const before = JSON.stringify(obj);
    const s = parseScenario(obj, 'sweep[0]', { set: ['agents.0.count=2'] });
    expect(s.agents[0].count).toBe(2);
    expect(JSON.stringify(obj)).toBe(before);
  });

  it('a validated scenario parses to itself (idempotent) with the same hash', () => {
    const s = raw();
    expect(parseScenario(s)).toEqual(s);
    expect(scenarioHash(parseScenario(s))).toBe(scenarioHash(s));
  });

  it('names the source in errors, and rejects extends', () => {
    expect(errorOf(() => parseScenario({ ...raw(), seed: 'x' }, 'sweep[3]')).message).toBe(
      'sweep[3]: seed: expected an integer 0..4294967295, found "x"',
    );
    expect(errorOf(() => parseScenario({ extends: 'base.yaml' }, 'mem')).path).toBe('extends');
    expect(errorOf(() => parseScenario(5, 'mem')).message).toMatch(/^mem: expected an object with fields name, /);
  });

  it('treats __proto__ as an ordinary (unknown) key', () => {
    const obj = JSON.parse('{"__proto__": {"polluted": true}}');
    const e = errorOf(() => parseScenario({ ...raw(), ...obj }, 'mem'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(e.message).toContain('__proto__');
  });
});

describe('hash and canonical JSON', () => {
  it('canonical JSON sorts keys at every level and skips undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('is invariant under key order in the file', () => {
    const reordered = writeTmp(
      'reordered.yaml',
      `agents:
  - count: 100
    group: general
inbound:
  patience: { mean: 300, dist: exponential }
  arrivals: { perHour: 1140 }
  handleTime: { mean: 180, dist: exponential }
horizon: { calls: 200000 }
name: inbound-erlang-a
`,
    );
    expect(loadScenario(reordered).hash).toBe(loadScenario(fx('minimal.yaml')).hash);
  });

  it('writing a default explicitly does not change the hash; changing a value does', () => {
    const explicit = writeTmp('explicit.yaml', `${MINIMAL}seed: 1\nserviceLevel: { seconds: 20 }\n`);
    const changed = writeTmp('changed.yaml', `${MINIMAL}serviceLevel: { seconds: 30 }\n`);
    const h = loadScenario(fx('minimal.yaml')).hash;
    expect(loadScenario(explicit).hash).toBe(h);
    expect(loadScenario(changed).hash).not.toBe(h);
  });

  it('formatPath renders indices and odd keys', () => {
    expect(formatPath(['agents', 1, 'count'])).toBe('agents[1].count');
    expect(formatPath(['inbound', 'handleTime', 'mean'])).toBe('inbound.handleTime.mean');
    expect(formatPath(['a b', 0])).toBe('["a b"][0]');
  });
});

describe('fixtures stay as the tests expect', () => {
  it('bad-value.yaml has mean: -3 on line 8', () => {
    expect(readFileSync(fx('bad-value.yaml'), 'utf8').split('\n')[7]).toBe('    mean: -3');
  });
});
