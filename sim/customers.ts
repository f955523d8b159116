/**
 * The customer population: hidden truth (purchase propensity, budget, product preference,
 * communication style, age band, lifetime value) and the noisy observations a CRM would hold
 * (past transactions and spend, web visits and product page views, a short note from earlier
 * calls). Generated from keyed draws by customer index under the scenario seed alone: the same
 * population in every replication and every variant, as a center's customer base is.
 *
 * The observable side implements engine/observations.ts; the hidden side is read only by the
 * world's outcome model (sim/outcome.ts).
 */
import type { CustomerObservations } from '../engine/observations.ts';
import type { CustomersSpec } from '../scenarios/world-schema.ts';
import { Dist } from './random/dist.ts';
import { KeyedStream } from './random/stream.ts';

/** Population draws use this replication number: the population does not vary by replication. */
const POPULATION = 0x7fffffff;

export const STYLE_COUNT = 4; // analytical, driver, amiable, expressive (engine/observations.ts STYLES)

/** Words a note may use for each product (index-aligned with a product list) are derived from its name. */
const STYLE_WORDS: readonly (readonly string[])[] = [
  ['wanted detailed figures', 'asked for a comparison table', 'wants everything in writing'],
  ['was short on time', 'wants the bottom line', 'decided quickly last time'],
  ['was friendly and chatty', 'asked about family plans', 'appreciated the patience'],
  ['was enthusiastic', 'talked a lot about new features', 'loves trying new things'],
];
const NOTE_OPENERS = ['called about', 'asked about', 'interested in', 'enquired on', 'mentioned'];

export class CustomerPopulation implements CustomerObservations {
  readonly count: number;
  readonly segmentNames: string[];
  readonly languageNames: string[];
  readonly productNames: string[];
  readonly ageBandNames: string[];
  readonly productPrices: Float64Array;
  // Observable.
  readonly segment: Uint16Array;
  readonly language: Uint8Array;
  readonly ageBand: Uint8Array;
  readonly tenureDays: Float32Array;
  readonly transactions: Float32Array;
  readonly spend: Float32Array;
  readonly webVisits: Float32Array;
  readonly productViews: Float32Array;
  private readonly hasNote: Uint8Array;
  // Hidden truth.
  readonly propensity: Float32Array;
  readonly budget: Float32Array;
  readonly productPref: Uint8Array;
  readonly style: Uint8Array;
  readonly lifetimeValue: Float32Array;
  /** 1 for customers in the top quartile of lifetime value. */
  readonly highValue: Uint8Array;
  /** Youth in [0, 1]: 1 for the youngest age band, 0 for the oldest. */
  readonly youth: Float32Array;
  private readonly noteStream: KeyedStream;
  private readonly noise: number;

  constructor(spec: CustomersSpec, seed: number, count = spec.count) {
    this.count = count;
    this.segmentNames = spec.segments.map((s) => s.name);
    this.languageNames = spec.languages.map((l) => l.name);
    this.productNames = spec.products.map((p) => p.name);
    this.ageBandNames = spec.ageBands.map((a) => a.name);
    this.productPrices = Float64Array.from(spec.products.map((p) => p.price));
    this.noise = spec.observationNoise;
    const n = count;
    const P = spec.products.length;
    this.segment = new Uint16Array(n);
    this.language = new Uint8Array(n);
    this.ageBand = new Uint8Array(n);
    this.tenureDays = new Float32Array(n);
    this.transactions = new Float32Array(n);
    this.spend = new Float32Array(n);
    this.webVisits = new Float32Array(n);
    this.productViews = new Float32Array(n * P);
    this.hasNote = new Uint8Array(n);
    this.propensity = new Float32Array(n);
    this.budget = new Float32Array(n);
    this.productPref = new Uint8Array(n);
    this.style = new Uint8Array(n);
    this.lifetimeValue = new Float32Array(n);
    this.highValue = new Uint8Array(n);
    this.youth = new Float32Array(n);
    this.noteStream = new KeyedStream(seed, POPULATION, 'customer-notes');

    const draw = new KeyedStream(seed, POPULATION, 'customers');
    const budgetStream = new KeyedStream(seed, POPULATION, 'customer-budget');
    const spreadStream = new KeyedStream(seed, POPULATION, 'customer-propensity');
    const budgets = spec.segments.map((s) => new Dist(s.budget));
    const spread = spec.propensitySpread > 0 ? new Dist({ dist: 'gamma', mean: 1, cv: spec.propensitySpread }) : null;
    const segShares = spec.segments.map((s) => s.share);
    const langShares = spec.languages.map((l) => l.share);
    const ageShares = spec.ageBands.map((a) => a.share);
    const bands = spec.ageBands.length;
    const noise = this.noise;
    for (let i = 0; i < n; i++) {
      const seg = pick(segShares, draw.uniform(i, 0));
      this.segment[i] = seg;
      this.language[i] = pick(langShares, draw.uniform(i, 1));
      const age = pick(ageShares, draw.uniform(i, 2));
      this.ageBand[i] = age;
      const youth = bands > 1 ? 1 - age / (bands - 1) : 0.5;
      this.youth[i] = youth;
      const prop = Math.min(0.95, spec.segments[seg].propensity * (spread ? spread.sample(spreadStream, i) : 1));
      this.propensity[i] = prop;
      const budget = budgets[seg].sample(budgetStream, i);
      this.budget[i] = budget;
      const pref = Math.floor(draw.uniform(i, 3) * P);
      this.productPref[i] = pref;
      this.style[i] = Math.floor(draw.uniform(i, 4) * STYLE_COUNT);
      // Lifetime value: what the customer would spend over the relationship (hidden).
      this.lifetimeValue[i] = budget * (0.4 + 3 * prop) * Math.exp(0.3 * (draw.uniform(i, 5) - 0.5));
      // CRM observations: each a noisy function of the truth.
      const tenure = 30 + 1800 * draw.uniform(i, 6);
      this.tenureDays[i] = tenure;
      const rateTx = (0.5 + 6 * (noise * draw.uniform(i, 7) + (1 - noise) * prop)) * (tenure / 365);
      const tx = Math.floor(rateTx * (0.5 + draw.uniform(i, 8)));
      this.transactions[i] = tx;
      this.spend[i] = tx * budget * 0.25 * Math.exp(noise * (draw.uniform(i, 9) - 0.5) * 2);
      this.webVisits[i] = Math.floor((2 + 14 * youth * (1 - noise + noise * draw.uniform(i, 10)) + 6 * prop) * draw.uniform(i, 11) * 2);
      const views = Math.floor(this.webVisits[i] * 0.6);
      for (let v = 0; v < views; v++) {
        const product = draw.uniform(i, 20 + v) < 1 - noise * 0.8 ? pref : Math.floor(draw.uniform(i, 60 + v) * P);
        this.productViews[i * P + product]++;
      }
      this.hasNote[i] = draw.uniform(i, 12) < 0.7 ? 1 : 0;
    }
    // Top quartile of lifetime value (a fact of the world, used by its outcome model).
    const sorted = Float32Array.from(this.lifetimeValue).sort();
    const q3 = sorted[Math.floor(0.75 * (n - 1))];
    for (let i = 0; i < n; i++) this.highValue[i] = this.lifetimeValue[i] >= q3 ? 1 : 0;
  }

  /** A short note from earlier calls: mentions the preferred product and the style, blurred by the noise level. */
  note(i: number): string {
    if (this.hasNote[i] === 0) return '';
    const s = this.noteStream;
    const P = this.productNames.length;
    const product = s.uniform(i, 0) < 1 - this.noise * 0.7 ? this.productPref[i] : Math.floor(s.uniform(i, 1) * P);
    const style = s.uniform(i, 2) < 1 - this.noise * 0.7 ? this.style[i] : Math.floor(s.uniform(i, 3) * STYLE_COUNT);
    const opener = NOTE_OPENERS[Math.floor(s.uniform(i, 4) * NOTE_OPENERS.length)];
    const words = STYLE_WORDS[style];
    const styleText = words[Math.floor(s.uniform(i, 5) * words.length)];
    return `${opener} ${this.productNames[product].replace(/-/g, ' ')}; ${styleText}`;
  }
}

/** Index of the share bucket u falls in (shares need not sum to 1). */
export function pick(shares: readonly number[], u: number): number {
  let total = 0;
  for (const s of shares) total += s;
  let acc = 0;
  for (let k = 0; k < shares.length; k++) {
    acc += shares[k] / total;
    if (u < acc) return k;
  }
  return shares.length - 1;
}
