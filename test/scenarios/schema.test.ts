import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  DIST_KINDS,
  WEEKDAYS,
  agentGroupSpec,
  arrivalsSpec,
  distSpec,
  inboundSpec,
  scenarioSpec,
  timeOfDayToMinutes,
  type DistSpec,
  type HorizonSpec,
  type Scenario,
} from '../../scenarios/schema.ts';
import { ScenarioError, parseScenario, scenarioHash } from '../../scenarios/load.ts';
import { SCENARIO_SCHEMA_PATH, buildJsonSchema, renderJsonSchema } from '../../scenarios/generate-json-schema.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

/** A small valid scenario as written in a file (no defaults). */
function base(): Record<string, any> {
  return {
    name: 'unit',
    horizon: { calls: 1000 },
    inbound: {
      arrivals: { perHour: 100 },
      handleTime: { dist: 'exponential', mean: 180 },
    },
    agents: [{ group: 'general', count: 3 }],
  };
}

/** Parse `base()` after `edit`; return the ScenarioError thrown (fails the test when nothing is thrown). */
function errorOf(edit: (s: Record<string, any>) => void): ScenarioError {
  const s = base();
  edit(s);
  try {
    parseScenario(s, 'mem');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

describe('minimal example', () => {
  it('parses the documented example with perHour and exponential distributions, defaults applied', () => {
    const raw = parseYaml(readFileSync(fixture('minimal.yaml'), 'utf8'));
    const full: Scenario = parseScenario(raw, 'minimal.yaml');
    // The world's outcome model and the routing policy always carry their defaults.
    const { outcome, routing, ...s } = full;
    expect(routing.policy).toBe('longest-idle');
    expect(outcome.nullWorld).toBe(false);
    expect(s).toEqual({
      name: 'inbound-erlang-a',
      seed: 1,
      replications: 1,
      calendar: { start: '2026-01-05T00:00', timeZone: 'UTC' },
      horizon: { calls: 200000 },
      serviceLevel: { seconds: 20 },
      series: { intervalMinutes: 15, enabled: true },
      histogram: { binSeconds: 10, maxSeconds: 600 },
      inbound: {
        arrivals: {
          perHour: 1140,
          weekdayFactors: { mon: 1, tue: 1, wed: 1, thu: 1, fri: 1, sat: 1, sun: 1 },
        },
        handleTime: { dist: 'exponential', mean: 180 },
        patience: { dist: 'exponential', mean: 300 },
      },
      agents: [{ group: 'general', count: 100 }],
    });
    // optional fields with no default stay absent (not present as undefined)
    expect('warmup' in s).toBe(false);
    expect('description' in s).toBe(false);
    expect('queue' in s.inbound!).toBe(false);
  });

  it('parses the full documented example, keeping every written value', () => {
    const s = parseScenario(parseYaml(readFileSync(fixture('example.yaml'), 'utf8')), 'example.yaml');
    expect(s.replications).toBe(5);
    expect(s.calendar).toEqual({ start: '2026-03-02T08:00', timeZone: 'Europe/London' });
    expect(s.warmup).toEqual({ calls: 10000 });
    expect(s.inbound!.arrivals.weekdayFactors).toEqual({ mon: 1, tue: 1, wed: 1, thu: 1, fri: 1, sat: 0.6, sun: 0 });
    expect(s.inbound!.arrivals.dailyVariation).toEqual({ cv: 0.1 });
    expect(s.inbound!.queue).toEqual({ capacity: 50 });
    expect(s.agents[0].shift).toEqual({ start: '07:30', end: '15:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] });
    expect(s.agents[0].breaks).toEqual([
      { at: '10:00', minutes: 15 },
      { from: '11:30', to: '13:30', minutes: 30 },
    ]);
  });

  it('defaults shift days to all seven and partial defaults inside objects', () => {
    const s = parseScenario({
      ...base(),
      calendar: { timeZone: 'Europe/Berlin' },
      series: { enabled: false },
      histogram: { binSeconds: 5 },
      agents: [{ group: 'g', count: 1, shift: { start: '22:00', end: '06:00' } }],
    });
    expect(s.calendar).toEqual({ start: '2026-01-05T00:00', timeZone: 'Europe/Berlin' });
    expect(s.series).toEqual({ intervalMinutes: 15, enabled: false });
    expect(s.histogram).toEqual({ binSeconds: 5, maxSeconds: 600 });
    expect(s.agents[0].shift?.days).toEqual([...WEEKDAYS]);
  });

  it('accepts a profile, talkTime with wrapTime and a loss system', () => {
    const s = parseScenario(parseYaml(readFileSync(fixture('profile.yaml'), 'utf8')), 'profile.yaml');
    expect('profile' in s.inbound!.arrivals && s.inbound!.arrivals.profile.map((p) => p.from)).toEqual([
      '08:00',
      '12:00',
      '20:00',
    ]);
    expect(s.inbound!.talkTime).toEqual({ dist: 'lognormal', mean: 240, cv: 0.8 });
    expect(s.inbound!.wrapTime).toEqual({ dist: 'deterministic', value: 30 });
    expect(s.inbound!.queue).toEqual({ capacity: 0 });
    expect(s.horizon).toEqual({ hours: 168 });
  });
});

describe('distributions', () => {
  const valid: DistSpec[] = [
    { dist: 'exponential', mean: 180 },
    { dist: 'deterministic', value: 0 },
    { dist: 'uniform', min: 10, max: 10 },
    { dist: 'lognormal', mean: 200, cv: 0.5 },
    { dist: 'gamma', mean: 200, cv: 1.5 },
    { dist: 'erlang', mean: 200, k: 3 },
    { dist: 'weibull', shape: 0.7, scale: 100 },
    { dist: 'empirical', values: [0, 12.5, 300] },
  ];

  it('covers every kind', () => {
    expect(valid.map((d) => d.dist).sort()).toEqual([...DIST_KINDS].sort());
  });

  it.each(valid)('accepts $dist', (d) => {
    expect(distSpec.parse(d)).toEqual(d);
    const s = parseScenario({ ...base(), inbound: { ...base().inbound, handleTime: d, patience: d } });
    expect(s.inbound!.handleTime).toEqual(d);
  });

  const invalid: [string, Record<string, unknown>, string, string][] = [
    ['exponential mean 0', { dist: 'exponential', mean: 0 }, 'mean', 'expected a number > 0, found 0'],
    ['deterministic negative', { dist: 'deterministic', value: -1 }, 'value', 'expected a number >= 0, found -1'],
    ['uniform max < min', { dist: 'uniform', min: 5, max: 3 }, 'max', 'expected a number >= min (5), found 3'],
    ['lognormal cv 0', { dist: 'lognormal', mean: 5, cv: 0 }, 'cv', 'expected a number > 0, found 0'],
    ['gamma missing cv', { dist: 'gamma', mean: 5 }, 'cv', 'expected a number > 0, found nothing'],
    ['erlang k 1.5', { dist: 'erlang', mean: 5, k: 1.5 }, 'k', 'expected an integer >= 1, found 1.5'],
    ['weibull scale string', { dist: 'weibull', shape: 1, scale: '9' }, 'scale', 'expected a number > 0, found "9"'],
    ['empirical empty', { dist: 'empirical', values: [] }, 'values', 'expected a non-empty list of numbers >= 0, found []'],
    ['empirical negative', { dist: 'empirical', values: [1, -2] }, 'values[1]', 'expected a number >= 0, found -2'],
    ['infinite mean', { dist: 'exponential', mean: Infinity }, 'mean', 'expected a number > 0, found Infinity'],
    ['NaN value', { dist: 'deterministic', value: NaN }, 'value', 'expected a number >= 0, found NaN'],
  ];
  it.each(invalid)('rejects %s', (_, d, field, text) => {
    const e = errorOf((s) => {
      s.inbound!.handleTime = d;
    });
    expect(e.path).toBe(`inbound.handleTime.${field}`);
    expect(e.message).toBe(`mem: inbound.handleTime.${field}: ${text}`);
  });

  it('names every kind when the discriminator is unknown', () => {
    const e = errorOf((s) => {
      s.inbound!.handleTime = { dist: 'normal', mean: 3 };
    });
    expect(e.message).toBe(
      'mem: inbound.handleTime.dist: expected one of exponential, deterministic, uniform, lognormal, gamma, erlang, weibull, empirical, found "normal"',
    );
    expect(e.path).toBe('inbound.handleTime.dist');
    expect(e.found).toBe('"normal"');
  });

  it('rejects a field that belongs to another kind', () => {
    const e = errorOf((s) => {
      s.inbound!.patience = { dist: 'exponential', mean: 3, cv: 1 };
    });
    expect(e.message).toBe('mem: inbound.patience.cv: unknown field (expected one of dist, mean)');
  });
});

describe('refinements', () => {
  it('warmup in another unit than the horizon', () => {
    const e = errorOf((s) => {
      s.warmup = { hours: 1 };
    });
    expect(e.path).toBe('warmup');
    expect(e.message).toBe("mem: warmup: expected a warmup in the horizon's unit ({ calls: ... }), found { hours: 1 }");
  });

  it('warmup not shorter than the horizon', () => {
    expect(
      errorOf((s) => {
        s.warmup = { calls: 1000 };
      }).message,
    ).toBe('mem: warmup.calls: expected a warmup shorter than the horizon (< 1000 calls), found 1000');
    expect(
      errorOf((s) => {
        s.horizon = { hours: 8 };
        s.warmup = { hours: 9.5 };
      }).message,
    ).toBe('mem: warmup.hours: expected a warmup shorter than the horizon (< 8 hours), found 9.5');
    // smaller is fine
    expect(parseScenario({ ...base(), warmup: { calls: 999 } }).warmup).toEqual({ calls: 999 });
  });

  it('horizon must be exactly one of calls or hours', () => {
    expect(
      errorOf((s) => {
        s.horizon = { calls: 5, hours: 2 };
      }).message,
    ).toBe(
      'mem: horizon: expected exactly one of { calls: <integer >= 1> } or { hours: <number > 0> }, found { calls: 5, hours: 2 }',
    );
    expect(
      errorOf((s) => {
        s.horizon = { calls: 0 };
      }).message,
    ).toBe('mem: horizon.calls: expected an integer >= 1, found 0');
  });

  it('duplicate group names', () => {
    const e = errorOf((s) => {
      s.agents = [
        { group: 'a', count: 1 },
        { group: 'b', count: 1 },
        { group: 'a', count: 2 },
      ];
    });
    expect(e.path).toBe('agents[2].group');
    expect(e.message).toBe(
      'mem: agents[2].group: expected a group name not already used (agents[0] is also named "a"), found "a"',
    );
  });

  it('breaks without a shift', () => {
    const e = errorOf((s) => {
      s.agents[0].breaks = [{ at: '10:00', minutes: 15 }];
    });
    expect(e.message).toBe(
      'mem: agents[0].breaks: expected breaks only in a group with a shift (add shift: { start, end }), found breaks but no shift',
    );
  });

  it('breaks outside the shift', () => {
    const e = errorOf((s) => {
      s.agents[0].shift = { start: '08:00', end: '16:00' };
      s.agents[0].breaks = [{ from: '15:00', to: '15:50', minutes: 30 }];
    });
    expect(e.path).toBe('agents[0].breaks[0].from');
    // overnight shift with a break after midnight is inside
    const g = agentGroupSpec.parse({
      group: 'night',
      count: 2,
      shift: { start: '22:00', end: '06:00' },
      breaks: [{ at: '02:00', minutes: 30 }],
    });
    expect(g.breaks).toHaveLength(1);
  });

  it('shift and staggered-break sanity', () => {
    expect(
      errorOf((s) => {
        s.agents[0].shift = { start: '08:00', end: '08:00' };
      }).message,
    ).toBe('mem: agents[0].shift.end: expected an end different from start (08:00), found "08:00"');
    expect(
      errorOf((s) => {
        s.agents[0].shift = { start: '08:00', end: '16:00', days: ['mon', 'tue', 'mon'] };
      }).message,
    ).toBe('mem: agents[0].shift.days[2]: expected each day at most once, found "mon"');
    expect(
      errorOf((s) => {
        s.agents[0].shift = { start: '08:00', end: '16:00', days: [] };
      }).path,
    ).toBe('agents[0].shift.days');
    expect(
      errorOf((s) => {
        s.agents[0].shift = { start: '08:00', end: '16:00' };
        s.agents[0].breaks = [{ from: '12:00', to: '12:00', minutes: 30 }];
      }).message,
    ).toBe('mem: agents[0].breaks[0].to: expected a time different from from (12:00), found "12:00"');
    expect(
      errorOf((s) => {
        s.agents[0].shift = { start: '08:00', end: '16:00' };
        s.agents[0].breaks = [{ from: '12:00', minutes: 30 }];
      }).message,
    ).toBe(
      'mem: agents[0].breaks[0]: expected a break { at: "HH:MM", minutes: <number > 0> } or { from: "HH:MM", to: "HH:MM", minutes: <number > 0> }, found { from: "12:00", minutes: 30 }',
    );
  });

  it('both handleTime and talkTime', () => {
    const e = errorOf((s) => {
      s.inbound!.talkTime = { dist: 'exponential', mean: 100 };
    });
    expect(e.path).toBe('inbound.talkTime');
    expect(e.message).toBe(
      'mem: inbound.talkTime: expected either handleTime, or talkTime with optional wrapTime, not both, found both handleTime and talkTime',
    );
  });

  it('neither handleTime nor talkTime', () => {
    const e = errorOf((s) => {
      delete s.inbound!.handleTime;
    });
    expect(e.message).toBe(
      'mem: inbound.handleTime: expected a handleTime distribution (or talkTime with optional wrapTime), found neither handleTime nor talkTime',
    );
  });

  it('wrapTime with handleTime', () => {
    expect(
      inboundSpec.safeParse({
        arrivals: { perHour: 1 },
        handleTime: { dist: 'exponential', mean: 1 },
        wrapTime: { dist: 'deterministic', value: 5 },
      }).success,
    ).toBe(false);
    expect(
      inboundSpec.safeParse({
        arrivals: { perHour: 1 },
        talkTime: { dist: 'exponential', mean: 1 },
        wrapTime: { dist: 'deterministic', value: 5 },
      }).success,
    ).toBe(true);
  });

  it('profile times must increase strictly', () => {
    const e = errorOf((s) => {
      s.inbound!.arrivals = {
        profile: [
          { from: '08:00', perHour: 1 },
          { from: '12:00', perHour: 2 },
          { from: '12:00', perHour: 3 },
        ],
      };
    });
    expect(e.message).toBe(
      'mem: inbound.arrivals.profile[2].from: expected a time after "12:00" (profile times must be strictly increasing), found "12:00"',
    );
    expect(arrivalsSpec.safeParse({ profile: [] }).success).toBe(false);
  });

  it('bad time of day', () => {
    const e = errorOf((s) => {
      s.inbound!.arrivals = { profile: [{ from: '25:00', perHour: 1 }] };
    });
    expect(e.message).toBe(
      'mem: inbound.arrivals.profile[0].from: expected a time of day "HH:MM" (00:00..23:59), found "25:00"',
    );
    for (const bad of ['24:00', '8:00', '08:60', '08:00:00', 800]) {
      expect(agentGroupSpec.safeParse({ group: 'g', count: 1, shift: { start: bad, end: '10:00' } }).success).toBe(false);
    }
    expect(timeOfDayToMinutes('23:59')).toBe(1439);
  });

  it('invalid time zone and calendar start', () => {
    expect(
      errorOf((s) => {
        s.calendar = { timeZone: 'Mars/Olympus_Mons' };
      }).message,
    ).toBe('mem: calendar.timeZone: expected an IANA time zone such as "Europe/London", found "Mars/Olympus_Mons"');
    expect(
      errorOf((s) => {
        s.calendar = { start: '2026-02-30T08:00' };
      }).message,
    ).toBe('mem: calendar.start: expected a valid calendar date and time, found "2026-02-30T08:00"');
    expect(
      errorOf((s) => {
        s.calendar = { start: '2026-03-02 08:00' };
      }).path,
    ).toBe('calendar.start');
    expect(parseScenario({ ...base(), calendar: { start: '2024-02-29T23:59:59' } }).calendar.start).toBe(
      '2024-02-29T23:59:59',
    );
  });

  it('histogram max must be a multiple of the bin, series interval from the list', () => {
    expect(
      errorOf((s) => {
        s.histogram = { binSeconds: 7 };
      }).message,
    ).toBe('mem: histogram.maxSeconds: expected a multiple of binSeconds (7), found 600 (the default)');
    expect(
      errorOf((s) => {
        s.histogram = { binSeconds: 10, maxSeconds: 605 };
      }).message,
    ).toBe('mem: histogram.maxSeconds: expected a multiple of binSeconds (10), found 605');
    expect(parseScenario({ ...base(), histogram: { binSeconds: 0.1, maxSeconds: 600 } }).histogram.maxSeconds).toBe(600);
    expect(
      errorOf((s) => {
        s.series = { intervalMinutes: 7 };
      }).message,
    ).toBe('mem: series.intervalMinutes: expected one of 5, 10, 15, 20, 30, 60, 120, 240, 1440, found 7');
  });

  it('seed, replications, queue and counts are bounded integers', () => {
    expect(errorOf((s) => (s.seed = 2 ** 32)).message).toBe(
      'mem: seed: expected an integer 0..4294967295, found 4294967296',
    );
    expect(parseScenario({ ...base(), seed: 2 ** 32 - 1 }).seed).toBe(4294967295);
    expect(errorOf((s) => (s.replications = 0)).message).toBe('mem: replications: expected an integer >= 1, found 0');
    expect(errorOf((s) => (s.inbound!.queue = { capacity: -1 })).path).toBe('inbound.queue.capacity');
    expect(errorOf((s) => (s.agents[0].count = 2.5)).message).toBe(
      'mem: agents[0].count: expected an integer >= 0, found 2.5',
    );
    expect(errorOf((s) => (s.agents = [])).message).toBe('mem: agents: expected a non-empty list of agent groups, found []');
  });

  it('unknown fields list the allowed ones', () => {
    expect(errorOf((s) => (s.agents[0].cont = 1)).message).toBe(
      'mem: agents[0].cont: unknown field (expected one of group, count, channels, skills, shift, breaks)',
    );
    expect(errorOf((s) => (s.replication = 3)).message).toBe(
      'mem: replication: unknown field (expected one of name, description, seed, replications, calendar, horizon, warmup, serviceLevel, series, histogram, inbound, outbound, customers, outcome, routing, priority, assist, pilot, bot, supervision, sentiment, costs, agents)',
    );
    expect(errorOf((s) => (s.inbound!.arrivals.weekdayFactors = { monday: 1 })).message).toBe(
      'mem: inbound.arrivals.weekdayFactors.monday: unknown field (expected one of mon, tue, wed, thu, fri, sat, sun)',
    );
  });

  it('the scenario object is strict at the top level as exported', () => {
    expect(scenarioSpec.safeParse({ ...base(), extra: 1 }).success).toBe(false);
    expect(scenarioSpec.safeParse(base()).success).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// JSON Schema

/** A tiny structural JSON Schema checker for the keywords our generated schema uses. Returns error paths. */
function checkJsonSchema(schema: any, value: unknown, root: any = schema, at = '$'): string[] {
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/$defs/', '');
    const target = root.$defs?.[name];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    const { $ref: _r, ...rest } = schema;
    return [...checkJsonSchema(target, value, root, at), ...checkJsonSchema(rest, value, root, at)];
  }
  const errs: string[] = [];
  if (schema.anyOf && !schema.anyOf.some((s: any) => checkJsonSchema(s, value, root, at).length === 0)) {
    errs.push(`${at}: no anyOf branch matches`);
  }
  if (schema.oneOf && schema.oneOf.filter((s: any) => checkJsonSchema(s, value, root, at).length === 0).length !== 1) {
    errs.push(`${at}: not exactly one oneOf branch matches`);
  }
  if ('const' in schema && value !== schema.const) errs.push(`${at}: not const ${schema.const}`);
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${at}: not in enum`);
  const t = schema.type;
  if (t) {
    const ok =
      t === 'object'
        ? value !== null && typeof value === 'object' && !Array.isArray(value)
        : t === 'array'
          ? Array.isArray(value)
          : t === 'integer'
            ? Number.isInteger(value)
            : t === 'number'
              ? typeof value === 'number'
              : typeof value === t;
    if (!ok) return [...errs, `${at}: not ${t}`];
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${at}: < minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${at}: > maximum`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) errs.push(`${at}: <= exclusiveMinimum`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errs.push(`${at}: too short`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errs.push(`${at}: pattern`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errs.push(`${at}: too few items`);
    if (schema.items) value.forEach((v, i) => errs.push(...checkJsonSchema(schema.items, v, root, `${at}[${i}]`)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errs.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      const p = schema.properties?.[k];
      if (p) errs.push(...checkJsonSchema(p, v, root, `${at}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${at}.${k}: additional property`);
    }
  }
  return errs;
}

describe('JSON Schema', () => {
  it('the committed scenario.schema.json is up to date (run: npx tsx scenarios/generate-json-schema.ts)', () => {
    expect(readFileSync(SCENARIO_SCHEMA_PATH, 'utf8')).toBe(renderJsonSchema());
  });

  it('is deterministic', () => {
    expect(renderJsonSchema()).toBe(renderJsonSchema());
  });

  it('has an $id, a title, the required top-level fields and every dist kind', () => {
    const js = buildJsonSchema() as any;
    expect(js.$id).toMatch(/^https:\/\/.+scenario\.schema\.json$/);
    expect(js.title).toBe('ccsim scenario');
    expect(js.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(js.required).toEqual(['name', 'horizon', 'agents']);
    expect(js.additionalProperties).toBe(false);
    const kinds = (js.$defs.DistSpec.oneOf ?? js.$defs.DistSpec.anyOf).map((o: any) => o.properties.dist.const);
    expect(kinds).toEqual([...DIST_KINDS]);
    expect(typeof js.properties.name.description).toBe('string');
    expect(typeof js.properties.inbound.description).toBe('string');
    // input side: fields with defaults are optional and show their default
    expect(js.properties.seed.default).toBe(1);
    expect(js.properties.extends.type).toBe('string');
  });

  it('accepts the documented examples and rejects typos, structurally', () => {
    const js = buildJsonSchema();
    for (const f of ['example.yaml', 'minimal.yaml', 'profile.yaml', 'chain/flat.yaml']) {
      expect(checkJsonSchema(js, parseYaml(readFileSync(fixture(f), 'utf8'))), f).toEqual([]);
    }
    const typo = parseYaml(readFileSync(fixture('example.yaml'), 'utf8'));
    typo.agents[0].cont = 1;
    expect(checkJsonSchema(js, typo)).toContain('$.agents[0].cont: additional property');
    // shipped scenarios that stand alone (no extends) conform too
    const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
    for (const f of readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n) && n !== 'scenario.schema.json')) {
      const raw = parseYaml(readFileSync(dir + f, 'utf8'));
      if (raw && typeof raw === 'object' && !('extends' in raw)) expect(checkJsonSchema(js, raw), f).toEqual([]);
    }
    const badDist = parseYaml(readFileSync(fixture('minimal.yaml'), 'utf8'));
    badDist.inbound.handleTime = { dist: 'normal', mean: 1 };
    expect(checkJsonSchema(js, badDist).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: random valid scenarios parse, and the hash ignores key order

const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

const positive = fc.double({ min: 0.001, max: 1e5, noNaN: true, noDefaultInfinity: true });
const nonNegative = fc.double({ min: 0, max: 1e5, noNaN: true, noDefaultInfinity: true });

const distArb: fc.Arbitrary<DistSpec> = fc.oneof(
  positive.map((mean) => ({ dist: 'exponential' as const, mean })),
  nonNegative.map((value) => ({ dist: 'deterministic' as const, value })),
  fc.tuple(nonNegative, nonNegative).map(([a, b]) => ({ dist: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.tuple(positive, positive).map(([mean, cv]) => ({ dist: 'lognormal' as const, mean, cv })),
  fc.tuple(positive, positive).map(([mean, cv]) => ({ dist: 'gamma' as const, mean, cv })),
  fc.tuple(positive, fc.integer({ min: 1, max: 50 })).map(([mean, k]) => ({ dist: 'erlang' as const, mean, k })),
  fc.tuple(positive, positive).map(([shape, scale]) => ({ dist: 'weibull' as const, shape, scale })),
  fc.array(nonNegative, { minLength: 1, maxLength: 5 }).map((values) => ({ dist: 'empirical' as const, values })),
);

const weekdayFactorsArb = fc.dictionary(fc.constantFrom(...WEEKDAYS), nonNegative, { maxKeys: 7 });

const arrivalsArb = fc.oneof(
  fc.record({ perHour: nonNegative, weekdayFactors: weekdayFactorsArb }, { requiredKeys: ['perHour'] }),
  fc.record(
    {
      profile: fc
        .uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 6 })
        .chain((times) =>
          fc.tuple(...[...times].sort((a, b) => a - b).map((t) => nonNegative.map((perHour) => ({ from: hhmm(t), perHour })))),
        ),
      dailyVariation: nonNegative.map((cv) => ({ cv })),
    },
    { requiredKeys: ['profile'] },
  ),
);

const groupArb = (name: string) =>
  fc.oneof(
    fc.record({ group: fc.constant(name), count: fc.integer({ min: 0, max: 500 }) }),
    fc
      .record({
        start: fc.integer({ min: 0, max: 1439 }),
        length: fc.integer({ min: 120, max: 720 }),
        days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
        count: fc.integer({ min: 0, max: 500 }),
        fixed: fc.integer({ min: 0, max: 60 }),
        stagger: fc.integer({ min: 1, max: 30 }),
      })
      .map(({ start, length, days, count, fixed, stagger }) => ({
        group: name,
        count,
        shift: { start: hhmm(start), end: hhmm(start + length), days },
        breaks: [
          { at: hhmm(start + fixed), minutes: 15 },
          { from: hhmm(start + 60), to: hhmm(start + 60 + stagger), minutes: 30 },
        ],
      })),
  );

const scenarioArb = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 20 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    replications: fc.integer({ min: 1, max: 20 }),
    horizonCalls: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }),
    horizonHours: fc.double({ min: 0.5, max: 1000, noNaN: true }),
    warmupFraction: fc.option(fc.double({ min: 0, max: 0.99, noNaN: true }), { nil: undefined }),
    timeZone: fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'),
    arrivals: arrivalsArb,
    handle: distArb,
    useTalk: fc.boolean(),
    wrap: fc.option(distArb, { nil: undefined }),
    patience: fc.option(distArb, { nil: undefined }),
    capacity: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    groupNames: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
    interval: fc.constantFrom(5, 10, 15, 20, 30, 60, 120, 240, 1440),
  })
  .chain((r) =>
    fc.tuple(...r.groupNames.map(groupArb)).map((agents) => {
      const horizon: HorizonSpec = r.horizonCalls !== undefined ? { calls: r.horizonCalls } : { hours: r.horizonHours };
      const s: Record<string, unknown> = {
        name: r.name,
        seed: r.seed,
        replications: r.replications,
        calendar: { start: '2026-03-02T08:00', timeZone: r.timeZone },
        horizon,
        series: { intervalMinutes: r.interval },
        inbound: {
          arrivals: r.arrivals,
          ...(r.useTalk ? { talkTime: r.handle, ...(r.wrap ? { wrapTime: r.wrap } : {}) } : { handleTime: r.handle }),
          ...(r.patience ? { patience: r.patience } : {}),
          ...(r.capacity !== undefined ? { queue: { capacity: r.capacity } } : {}),
        },
        agents,
      };
      if (r.warmupFraction !== undefined) {
        s.warmup =
          'calls' in horizon
            ? { calls: Math.floor(horizon.calls * r.warmupFraction) }
            : { hours: horizon.hours * r.warmupFraction };
      }
      return s;
    }),
  );

/** Rebuild every object with its keys in a pseudo-random order (arrays keep their order). */
function shuffleKeys(v: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const rnd = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const go = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(go);
    if (x !== null && typeof x === 'object') {
      const keys = Object.keys(x);
      for (let i = keys.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [keys[i], keys[j]] = [keys[j], keys[i]];
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = go((x as Record<string, unknown>)[k]);
      return out;
    }
    return x;
  };
  return go(v);
}

describe('property: generated scenarios', () => {
  it('are accepted, and their hash does not depend on key order', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (raw, seed) => {
        const a = parseScenario(raw, 'generated');
        const shuffled = shuffleKeys(raw, seed);
        const b = parseScenario(shuffled, 'generated');
        expect(b).toEqual(a);
        expect(scenarioHash(b)).toBe(scenarioHash(a));
        expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
        // the hash sees content: a different seed gives a different hash
        const other = parseScenario({ ...raw, seed: (a.seed + 1) % 2 ** 32 }, 'generated');
        expect(scenarioHash(other)).not.toBe(scenarioHash(a));
      }),
      { numRuns: 300 },
    );
  });
});
