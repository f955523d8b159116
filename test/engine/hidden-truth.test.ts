/**
 * The engine never reads hidden truth.
 *
 * (a) Statically: no file under engine/ (recursively) imports anything from sim/, so the engine
 *     cannot even name the world's classes.
 * (b) At run time: the customer population and the agent roster are wrapped in Proxies that record
 *     every property read; the engine's whole pipeline runs through them (profile extraction, value
 *     features, training and prediction of the value model, every routing policy's `choose` and
 *     `recordOutcome`, lead priorities and bot flags), and the test fails if any hidden field was
 *     read. Methods are bound to the real object, so the world's own observable methods (a
 *     customer's note, generated from its truth) do their work inside the world: what counts is what
 *     the engine asks for.
 *
 * Plus routing sanity, with fast-check over random idle views: longest-idle, skill-based and weighted
 * only ever return an agent the view offered (idle, in an eligible group), return one whenever such
 * an agent exists, and the weighted policy walks at most groups × (candidates + 1) list positions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentObservations } from '../../engine/observations.ts';
import { assignLeadPriorities } from '../../engine/priority.ts';
import { extractProfiles, ProfileTable } from '../../engine/profile.ts';
import { makeRoutingPolicy, type IdleAgentsView, type RoutingSpec } from '../../engine/routing.ts';
import { valueFeatures } from '../../engine/value-features.ts';
import { loadOrTrainDefaultValueModel, predictPopulationValues, predictValues } from '../../engine/value-model.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { AgentRoster } from '../../sim/agent-roster.ts';
import { CustomerPopulation } from '../../sim/customers.ts';
import { simulateHistory } from '../../sim/history.ts';
import { compileModel } from '../../sim/model.ts';

process.env.CCSIM_QUIET_BACKEND = '1';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const HIDDEN_CUSTOMER = ['propensity', 'budget', 'productPref', 'style', 'lifetimeValue', 'highValue', 'youth'];
const HIDDEN_AGENT = ['ability', 'abilityFull', 'abilityGap', 'halfCalls'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier a source file names: static imports and re-exports, side-effect imports, dynamic import(), require(). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire(?:\.resolve)?\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** True when `spec`, imported from `file`, lands in sim/. */
function reachesSim(file: string, spec: string): boolean {
  if (spec.startsWith('.')) {
    const rel = relative(ROOT, resolve(dirname(file), spec)).split('\\').join('/');
    return rel === 'sim' || rel.startsWith('sim/');
  }
  return /(^|\/)sim(\/|$)/.test(spec) && !spec.startsWith('node:');
}

describe('static: engine/ never imports sim/', () => {
  it('the scanner catches every import form', () => {
    const file = join(ROOT, 'engine', 'x.ts');
    const bad = [
      "import { CustomerPopulation } from '../sim/customers.ts';",
      "import type { AgentRoster } from '../sim/agent-roster.ts';",
      "export { x } from '../sim/model.ts';",
      "import '../sim/model.ts';",
      "const m = await import('../sim/history.ts');",
      "const r = require('../sim/customers.ts');",
      "import {\n  a,\n  b,\n} from '../sim/customers.ts';",
    ];
    for (const src of bad) expect(specifiers(src).some((s) => reachesSim(file, s)), src).toBe(true);
    expect(specifiers("import { tf } from './tf/backend.ts';").some((s) => reachesSim(file, s))).toBe(false);
  });

  it('no engine file names a sim/ module', () => {
    const files = tsFiles(join(ROOT, 'engine'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    const offenders: string[] = [];
    for (const f of files) {
      for (const s of specifiers(readFileSync(f, 'utf8'))) if (reachesSim(f, s)) offenders.push(`${relative(ROOT, f)} imports ${s}`);
    }
    expect(offenders).toEqual([]);
  });
});

/** A Proxy recording every property the engine touches on `target`. */
function spy<T extends object>(target: T): { proxy: T; reads: Set<string> } {
  const reads = new Set<string>();
  const proxy = new Proxy(target, {
    get(t, prop) {
      reads.add(String(prop));
      const v = Reflect.get(t, prop, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    has(t, prop) {
      reads.add(String(prop));
      return Reflect.has(t, prop);
    },
    getOwnPropertyDescriptor(t, prop) {
      reads.add(String(prop));
      return Reflect.getOwnPropertyDescriptor(t, prop);
    },
    ownKeys(t) {
      reads.add('<ownKeys>');
      return Reflect.ownKeys(t);
    },
  });
  return { proxy, reads };
}

/** Every agent idle, in id order within its group; every group eligible. */
function allIdleView(agents: AgentObservations, now: number): IdleAgentsView {
  const groups = agents.groupNames.length;
  const lists: number[][] = Array.from({ length: groups }, () => []);
  for (let a = 0; a < agents.count; a++) lists[agents.group[a]].push(a);
  const idleSince = new Float64Array(agents.count).map((_, a) => (a * 37) % 101);
  for (const l of lists) l.sort((a, b) => idleSince[a] - idleSince[b] || a - b);
  const pos = new Int32Array(agents.count);
  lists.forEach((l) => l.forEach((a, k) => (pos[a] = k)));
  const groupOf = Int32Array.from(agents.group);
  return {
    groupCount: groups,
    first: (g) => lists[g][0] ?? -1,
    after: (a) => lists[groupOf[a]][pos[a] + 1] ?? -1,
    idleSince,
    now,
  };
}

describe('run time: the engine reads no hidden field', () => {
  it('the spy sees a hidden read when there is one', () => {
    const s = spy(new CustomerPopulation(loadScenario(join(ROOT, 'scenarios/routing-weighted.yaml')).scenario.customers!, 1, 10));
    void s.proxy.lifetimeValue;
    expect(s.reads.has('lifetimeValue')).toBe(true);
  });

  it('profiles, value features, value model training and prediction, routing and priorities', async () => {
    const { scenario } = loadScenario(join(ROOT, 'scenarios/routing-weighted.yaml'), { set: ['customers.count=3000'] });
    const spec = scenario.customers!;
    const model = compileModel(scenario);
    const customers = spy(new CustomerPopulation(spec, scenario.seed, 3000));
    const past = simulateHistory(spec, scenario.seed, 2000);
    const history = spy(past.population);
    const roster = spy(new AgentRoster(scenario, model.groups, customers.proxy.languageNames, customers.proxy.productNames));

    // The engine's pipeline, fed only the proxies.
    const profiles = extractProfiles(customers.proxy);
    const features = valueFeatures(customers.proxy, profiles);
    const valueModel = await loadOrTrainDefaultValueModel(spec, scenario.seed, {
      cache: false,
      trainSize: 2000,
      epochs: 1,
      quiet: true,
      history: () => ({ observations: history.proxy, targets: past.targets }),
    });
    try {
      const predicted = predictValues(valueModel, features);
      predictPopulationValues(valueModel, customers.proxy, profiles);
      expect(Array.from(profiles.predictedValue.subarray(0, 20))).toEqual(Array.from(predicted.subarray(0, 20)));
    } finally {
      valueModel.dispose();
    }
    const leads = 1000;
    const priority = new Float64Array(leads);
    const toBot = new Uint8Array(leads);
    assignLeadPriorities({ values: profiles.predictedValue.subarray(0, leads), ageDays: new Float64Array(leads).fill(2), bot: { quantile: 0.2 } }, { priority, toBot });
    for (const policy of ['longest-idle', 'skill-based', 'weighted'] as const) {
      const spec: RoutingSpec = { policy, weights: { ...scenario.routing.weights }, candidatesPerGroup: 3 };
      const router = makeRoutingPolicy(spec, roster.proxy, profiles);
      const view = allIdleView(roster.proxy, 500);
      for (let c = -1; c < 300; c++) {
        const agent = router.choose(c, view);
        expect(agent).toBeGreaterThanOrEqual(0);
        router.recordOutcome(agent, c, c % 3 === 0);
      }
    }

    // The proxies were really read through (the spy works) ...
    for (const f of ['spend', 'transactions', 'webVisits', 'tenureDays', 'productViews', 'note', 'segment', 'ageBand']) expect(customers.reads.has(f), f).toBe(true);
    expect(history.reads.has('spend')).toBe(true);
    for (const f of ['languages', 'knowledge', 'seniority', 'digital']) expect(roster.reads.has(f), f).toBe(true);
    // ... and no hidden field was.
    expect([...customers.reads].filter((r) => HIDDEN_CUSTOMER.includes(r))).toEqual([]);
    expect([...history.reads].filter((r) => HIDDEN_CUSTOMER.includes(r))).toEqual([]);
    expect([...roster.reads].filter((r) => HIDDEN_AGENT.includes(r))).toEqual([]);
  });
});

// Routing sanity over random idle views --------------------------------------------------------

interface World {
  groups: { size: number; eligible: boolean }[];
  agents: { idle: boolean; since: number; langs: number; seniority: number; digital: number; knowledge: number[] }[];
  customers: { segment: number; language: number; pref: number; value: number; power: number; digital: number }[];
}

const P = 3;
const worldArb: fc.Arbitrary<World> = fc
  .array(fc.record({ size: fc.integer({ min: 0, max: 6 }), eligible: fc.boolean() }), { minLength: 1, maxLength: 7 })
  .chain((groups) => {
    const n = groups.reduce((s, g) => s + g.size, 0);
    return fc.record({
      groups: fc.constant(groups),
      agents: fc.array(
        fc.record({
          idle: fc.boolean(),
          since: fc.constantFrom(0, 10, 10, 100, 250),
          langs: fc.integer({ min: 0, max: 3 }),
          seniority: fc.double({ min: 0, max: 1, noNaN: true }),
          digital: fc.double({ min: 0, max: 1, noNaN: true }),
          knowledge: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: P, maxLength: P }),
        }),
        { minLength: n, maxLength: n },
      ),
      customers: fc.array(
        fc.record({
          segment: fc.integer({ min: 0, max: 2 }),
          language: fc.integer({ min: 0, max: 1 }),
          pref: fc.integer({ min: -1, max: P - 1 }),
          value: fc.double({ min: 0, max: 5000, noNaN: true }),
          power: fc.double({ min: 0, max: 1, noNaN: true }),
          digital: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    });
  });

function build(w: World) {
  const n = w.agents.length;
  const group = new Int32Array(n);
  let a = 0;
  w.groups.forEach((g, gi) => {
    for (let k = 0; k < g.size; k++) group[a++] = gi;
  });
  const agents: AgentObservations = {
    count: n,
    groupNames: w.groups.map((_, gi) => `g${gi}`),
    group,
    languages: Uint32Array.from(w.agents.map((x) => x.langs)),
    seniority: Float32Array.from(w.agents.map((x) => x.seniority)),
    digital: Float32Array.from(w.agents.map((x) => x.digital)),
    knowledge: Float32Array.from(w.agents.flatMap((x) => x.knowledge)),
    products: P,
  };
  const profiles = new ProfileTable(w.customers.length);
  w.customers.forEach((c, i) => {
    profiles.segment[i] = c.segment;
    profiles.language[i] = c.language;
    profiles.productPref[i] = c.pref;
    profiles.predictedValue[i] = c.value;
    profiles.purchasePower[i] = c.power;
    profiles.digitalAffinity[i] = c.digital;
  });
  const idleSince = Float64Array.from(w.agents.map((x) => x.since));
  const lists: number[][] = w.groups.map(() => []);
  for (let i = 0; i < n; i++) if (w.agents[i].idle) lists[group[i]].push(i);
  for (const l of lists) l.sort((x, y) => idleSince[x] - idleSince[y] || x - y);
  const pos = new Int32Array(n).fill(-1);
  lists.forEach((l) => l.forEach((x, k) => (pos[x] = k)));
  const offered = new Set<number>();
  let steps = 0;
  const view: IdleAgentsView = {
    groupCount: w.groups.length,
    first(g) {
      steps++;
      const x = w.groups[g].eligible ? (lists[g][0] ?? -1) : -1;
      if (x >= 0) offered.add(x);
      return x;
    },
    after(x) {
      steps++;
      if (pos[x] < 0) throw new Error(`after(${x}): not an idle agent the view offered`);
      const y = lists[group[x]][pos[x] + 1] ?? -1;
      if (y >= 0) offered.add(y);
      return y;
    },
    idleSince,
    now: 300,
  };
  const eligibleIdle = [...Array(n).keys()].filter((i) => w.agents[i].idle && w.groups[group[i]].eligible);
  return { agents, profiles, view, offered, eligibleIdle, group, idleSince, steps: () => steps, resetSteps: () => (steps = 0) };
}

describe('routing returns only agents the view offered', () => {
  const weightsArb = fc.record({
    language: fc.double({ min: 0, max: 5, noNaN: true }),
    product: fc.double({ min: 0, max: 5, noNaN: true }),
    seniority: fc.double({ min: 0, max: 5, noNaN: true }),
    digital: fc.double({ min: 0, max: 5, noNaN: true }),
    observedConversion: fc.double({ min: 0, max: 5, noNaN: true }),
    idleTime: fc.double({ min: 0, max: 5, noNaN: true }),
  });

  for (const policy of ['longest-idle', 'skill-based', 'weighted'] as const) {
    it(`${policy}: idle, in an eligible group, offered by the view; none only when none is idle`, () => {
      fc.assert(
        fc.property(worldArb, weightsArb, fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }), (w, weights, k, outcomes) => {
          const b = build(w);
          const router = makeRoutingPolicy({ policy, weights, candidatesPerGroup: k }, b.agents, b.profiles);
          // Some observed history for the weighted score's conversion term.
          if (b.agents.count > 0) for (const [a, c, conv] of outcomes) router.recordOutcome(a % b.agents.count, c % w.customers.length, conv);
          for (let c = -1; c < w.customers.length; c++) {
            b.offered.clear();
            b.resetSteps();
            const chosen = router.choose(c, b.view);
            if (b.eligibleIdle.length === 0) {
              expect(chosen).toBe(-1);
              continue;
            }
            expect(b.eligibleIdle).toContain(chosen);
            expect(b.offered.has(chosen)).toBe(true);
            expect(b.steps()).toBeLessThanOrEqual(w.groups.length * (k + 1) + (policy === 'skill-based' ? w.groups.length : 0));
            if (policy === 'longest-idle') {
              const best = [...b.eligibleIdle].sort((x, y) => b.idleSince[x] - b.idleSince[y] || x - y)[0];
              expect(chosen).toBe(best);
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
