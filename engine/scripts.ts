/**
 * Script assist: from the dialogue state to the script the agent is shown (what to say, selling
 * points, objection handling), randomised script experiments so script effects can be estimated
 * causally, and the compliance check over what the agent said.
 *
 * Recommendation rules, first match wins (intents are the model's predictions, never the truth):
 *   1. no turn heard yet                                   → the opening (with the recording notice)
 *   2. last intent heard with confidence < minConfidence   → a clarifying question
 *   3. price question after a budget concern               → the instalment plan
 *   4. not interested after asking about product or price  → reframe the value; else a polite exit
 *   5. otherwise                                           → the script for the last intent
 * When the chosen script is the base of an experiment, the experiment picks an arm once per call
 * (fixed weights or Thompson sampling) and the call keeps it.
 */
import type { DialogueTracker } from './dialogue.ts';
import { DEFAULT_COMPLIANCE, DEFAULT_SCRIPTS, type ComplianceRules, type ScriptDef } from './script-catalog.ts';

export { DEFAULT_SCRIPTS, DEFAULT_COMPLIANCE, type ScriptDef, type ComplianceRules } from './script-catalog.ts';

/** A source of uniforms in (0, 1): a seeded stream passed in (never Math.random). */
export interface UniformSource {
  next(): number;
}

export interface ExperimentSpec {
  id: string;
  /** The script the rules would suggest; the experiment replaces it with one of `arms`. */
  base: string;
  arms: readonly string[];
  policy: 'fixed' | 'thompson';
  /** Fixed allocation weights (default equal). */
  weights?: readonly number[];
}

export interface RecommenderOptions {
  minConfidence?: number;
  experiments?: readonly ExperimentSpec[];
  catalog?: readonly ScriptDef[];
}

/** Beta(α, β) posteriors per arm over a 0/1 reward; chooses by a posterior draw per arm. */
export class ThompsonBandit {
  readonly alpha: Float64Array;
  readonly beta: Float64Array;

  constructor(arms: number, prior: { alpha: number; beta: number } = { alpha: 1, beta: 1 }) {
    if (!(arms >= 1)) throw new RangeError('a bandit needs at least one arm');
    this.alpha = new Float64Array(arms).fill(prior.alpha);
    this.beta = new Float64Array(arms).fill(prior.beta);
  }

  get arms(): number {
    return this.alpha.length;
  }

  choose(rng: UniformSource): number {
    let best = 0;
    let bestDraw = -1;
    for (let a = 0; a < this.alpha.length; a++) {
      const x = sampleBeta(this.alpha[a], this.beta[a], rng);
      if (x > bestDraw) {
        bestDraw = x;
        best = a;
      }
    }
    return best;
  }

  /** Reward in [0, 1] (a conversion is 1). */
  update(arm: number, reward: number): void {
    this.alpha[arm] += reward;
    this.beta[arm] += 1 - reward;
  }

  posteriorMean(arm: number): number {
    return this.alpha[arm] / (this.alpha[arm] + this.beta[arm]);
  }
}

/** Fixed randomised allocation (an A/B/n test): arm by cumulative weight. */
export class FixedAllocation {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    const total = weights.reduce((s, w) => s + w, 0);
    if (!(weights.length >= 1 && weights.every((w) => w >= 0) && total > 0)) throw new RangeError('weights must be >= 0 with a positive sum');
    this.cumulative = new Float64Array(weights.length);
    let c = 0;
    weights.forEach((w, i) => (this.cumulative[i] = c += w / total));
  }

  choose(u: number): number {
    for (let i = 0; i < this.cumulative.length - 1; i++) if (u < this.cumulative[i]) return i;
    return this.cumulative.length - 1;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(a: number, b: number, rng: UniformSource): number {
  const x = sampleGamma(a, rng);
  const y = sampleGamma(b, rng);
  return x / (x + y);
}

/** Marsaglia and Tsang (2000); shape < 1 through Gamma(shape + 1) · U^(1/shape). */
export function sampleGamma(shape: number, rng: UniformSource): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    // A standard normal by Box–Muller (one of the pair; the draws stay a pure function of the stream).
    const z = Math.sqrt(-2 * Math.log(rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const v0 = 1 + c * z;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.next();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Per-arm tallies of an experiment, for the analysis (a fixed allocation gives unbiased arm comparisons). */
export interface ArmSummary {
  arm: string;
  calls: number;
  conversions: number;
  rate: number | null;
}

interface Experiment {
  spec: ExperimentSpec;
  arms: Int16Array;
  fixed: FixedAllocation | null;
  bandit: ThompsonBandit | null;
  calls: Float64Array;
  conversions: Float64Array;
}

export class ScriptRecommender {
  readonly catalog: readonly ScriptDef[];
  readonly intents: readonly string[];
  readonly minConfidence: number;
  /** Script index of the opening. */
  readonly opening: number;
  private readonly primary: Int16Array;
  private readonly experimentOf: Int16Array;
  private readonly experiments: Experiment[];
  private readonly clarify: number;
  private readonly instalments: number;
  private readonly reframe: number;
  private readonly exit: number;
  private readonly iBudget: number;
  private readonly iPrice: number;
  private readonly iProduct: number;
  private readonly iNotInterested: number;

  constructor(intents: readonly string[], o: RecommenderOptions = {}) {
    this.catalog = o.catalog ?? DEFAULT_SCRIPTS;
    this.intents = intents;
    this.minConfidence = o.minConfidence ?? 0.5;
    const byId = new Map(this.catalog.map((s, i) => [s.id, i]));
    const need = (id: string) => {
      const i = byId.get(id);
      if (i === undefined) throw new RangeError(`script catalog has no "${id}"`);
      return i;
    };
    this.opening = need('opening.recorded-line');
    this.clarify = need('discovery.clarify');
    this.instalments = need('price.instalments');
    this.reframe = need('objection.reframe-value');
    this.exit = need('exit.polite');
    this.primary = new Int16Array(intents.length).fill(this.clarify);
    intents.forEach((name, i) => {
      const s = this.catalog.findIndex((d) => d.intent === name && d.primary);
      if (s >= 0) this.primary[i] = s;
    });
    this.iBudget = intents.indexOf('BUDGET_CONCERN');
    this.iPrice = intents.indexOf('PRICE_INQUIRY');
    this.iProduct = intents.indexOf('PRODUCT_QUESTION');
    this.iNotInterested = intents.indexOf('NOT_INTERESTED');
    this.experimentOf = new Int16Array(this.catalog.length).fill(-1);
    this.experiments = (o.experiments ?? []).map((spec, e) => {
      const base = need(spec.base);
      if (this.experimentOf[base] >= 0) throw new RangeError(`script "${spec.base}" is the base of two experiments`);
      if (spec.arms.length < 2) throw new RangeError(`experiment "${spec.id}" needs at least two arms`);
      this.experimentOf[base] = e;
      const n = spec.arms.length;
      return {
        spec,
        arms: Int16Array.from(spec.arms.map(need)),
        fixed: spec.policy === 'fixed' ? new FixedAllocation(spec.weights ?? new Array<number>(n).fill(1)) : null,
        bandit: spec.policy === 'thompson' ? new ThompsonBandit(n) : null,
        calls: new Float64Array(n),
        conversions: new Float64Array(n),
      };
    });
  }

  get experimentCount(): number {
    return this.experiments.length;
  }

  scriptIndex(id: string): number {
    return this.catalog.findIndex((s) => s.id === id);
  }

  /** The intent a script answers (null for the opening, clarifying and exit scripts): the world judges fit with it. */
  scriptIntent(script: number): string | null {
    return this.catalog[script].intent;
  }

  /**
   * The script for the call in `slot` now, recorded in the tracker. `rng` is used only when the
   * call first meets an experiment (pass a stream keyed by the call for fixed arms, so the
   * assignment is common to every variant that reaches it).
   */
  recommend(tracker: DialogueTracker, slot: number, rng: UniformSource): number {
    let s = this.rule(tracker, slot);
    const e = this.experimentOf[s];
    if (e >= 0) s = this.assign(tracker, slot, e, rng);
    tracker.recordScript(slot, s);
    return s;
  }

  private rule(t: DialogueTracker, slot: number): number {
    const last = t.last(slot);
    if (last < 0) return this.opening;
    if (t.lastConfidence(slot) < this.minConfidence) return this.clarify;
    if (last === this.iPrice && t.hasSeen(slot, this.iBudget)) return this.instalments;
    if (last === this.iNotInterested) return t.hasSeen(slot, this.iProduct) || t.hasSeen(slot, this.iPrice) ? this.reframe : this.exit;
    return this.primary[last];
  }

  private assign(t: DialogueTracker, slot: number, e: number, rng: UniformSource): number {
    const x = this.experiments[e];
    if (e >= t.experiments) throw new RangeError(`the tracker keeps ${t.experiments} experiment arms; create it with experiments: ${this.experiments.length}`);
    let arm = t.arm(slot, e);
    if (arm < 0) {
      arm = x.fixed ? x.fixed.choose(rng.next()) : x.bandit!.choose(rng);
      t.setArm(slot, e, arm);
    }
    return x.arms[arm];
  }

  /** The call ended: credits each experiment arm it was exposed to with the outcome (1 converted, 0 not). */
  finish(tracker: DialogueTracker, slot: number, converted: number): void {
    for (let e = 0; e < this.experiments.length && e < tracker.experiments; e++) {
      const arm = tracker.arm(slot, e);
      if (arm < 0) continue;
      const x = this.experiments[e];
      x.calls[arm]++;
      x.conversions[arm] += converted;
      x.bandit?.update(arm, converted);
    }
  }

  /** Per-arm tallies of experiment `e`. */
  summary(e: number): ArmSummary[] {
    const x = this.experiments[e];
    return x.spec.arms.map((arm, a) => ({ arm, calls: x.calls[a], conversions: x.conversions[a], rate: x.calls[a] > 0 ? x.conversions[a] / x.calls[a] : null }));
  }
}

export interface ComplianceResult {
  compliant: boolean;
  forbidden: string[];
  /** Ids of required disclosures not said. */
  missing: string[];
}

/**
 * The compliance check: no forbidden phrase anywhere in the call, and every disclosure the call
 * requires (always, or because a script with its tag was used) said at least once. Scripts are
 * scanned once, at construction, into bit masks, so checking a call that used catalogue scripts
 * is a few integer ORs; free text (an agent going off script) is scanned on demand.
 */
export class ComplianceChecker {
  readonly rules: ComplianceRules;
  readonly catalog: readonly ScriptDef[];
  private readonly forbiddenLower: string[];
  private readonly always: number;
  /** Per script: disclosures required by its tags, disclosures said (per language), forbidden phrase said (per language). */
  private readonly requires: Uint32Array;
  private readonly says: { zh: Uint32Array; en: Uint32Array };
  private readonly breaks: { zh: Uint8Array; en: Uint8Array };

  constructor(rules: ComplianceRules = DEFAULT_COMPLIANCE, catalog: readonly ScriptDef[] = DEFAULT_SCRIPTS) {
    if (rules.disclosures.length > 32) throw new RangeError('at most 32 disclosures');
    this.rules = rules;
    this.catalog = catalog;
    this.forbiddenLower = rules.forbidden.map((p) => p.toLowerCase());
    this.always = this.requiredBy(['always']);
    const n = catalog.length;
    this.requires = new Uint32Array(n);
    this.says = { zh: new Uint32Array(n), en: new Uint32Array(n) };
    this.breaks = { zh: new Uint8Array(n), en: new Uint8Array(n) };
    catalog.forEach((sc, i) => {
      this.requires[i] = this.requiredBy(sc.tags);
      for (const lang of ['zh', 'en'] as const) {
        const scan = this.scanMasks(sc.text[lang]);
        this.says[lang][i] = scan.said;
        this.breaks[lang][i] = scan.forbidden.length > 0 ? 1 : 0;
      }
    });
  }

  /** Is a call in which the agent said these catalogue scripts (in `lang`) compliant? Allocation-free. */
  checkScripts(scripts: ArrayLike<number>, count: number, lang: 'zh' | 'en'): boolean {
    let required = this.always;
    let said = 0;
    const says = this.says[lang];
    const breaks = this.breaks[lang];
    for (let i = 0; i < count; i++) {
      const sc = scripts[i];
      if (breaks[sc]) return false;
      required |= this.requires[sc];
      said |= says[sc];
    }
    return (required & ~said) === 0;
  }

  /**
   * The same over the scripts recorded for a call in a tracker. Bit i of `paraphrased` marks the
   * i-th script as delivered in the agent's own words: what it offers still requires its
   * disclosures, but the disclosures written into it were not read out (and neither were its words,
   * forbidden or not). Only the first 31 scripts of a call can be marked.
   */
  checkTracked(tracker: DialogueTracker, slot: number, lang: 'zh' | 'en', paraphrased = 0): boolean {
    let required = this.always;
    let said = 0;
    for (let i = 0, n = tracker.scriptsSuggested(slot); i < n; i++) {
      const sc = tracker.scriptAt(slot, i);
      required |= this.requires[sc];
      if (i < 31 && (paraphrased >>> i) & 1) continue;
      if (this.breaks[lang][sc]) return false;
      said |= this.says[lang][sc];
    }
    return (required & ~said) === 0;
  }

  /** Checks free text: everything the agent said in a call, and the tags of the content offered. */
  checkTexts(texts: readonly string[], tags: readonly string[] = []): ComplianceResult {
    let said = 0;
    const forbidden: string[] = [];
    for (const t of texts) {
      const scan = this.scanMasks(t);
      said |= scan.said;
      for (const f of scan.forbidden) if (!forbidden.includes(f)) forbidden.push(f);
    }
    const required = this.always | this.requiredBy(tags);
    const missing = this.rules.disclosures.filter((_, i) => (required & ~said & (1 << i)) !== 0).map((d) => d.id);
    return { compliant: forbidden.length === 0 && missing.length === 0, forbidden, missing };
  }

  private requiredBy(tags: readonly string[]): number {
    let m = 0;
    this.rules.disclosures.forEach((d, i) => {
      if (tags.includes(d.requiredWhen)) m |= 1 << i;
    });
    return m >>> 0;
  }

  private scanMasks(text: string): { said: number; forbidden: string[] } {
    const lower = text.toLowerCase();
    const forbidden = this.rules.forbidden.filter((_, i) => lower.includes(this.forbiddenLower[i]));
    let said = 0;
    this.rules.disclosures.forEach((d, i) => {
      if (d.phrases.some((p) => lower.includes(p.toLowerCase()))) said |= 1 << i;
    });
    return { said: said >>> 0, forbidden };
  }
}
