/**
 * The strategy report (`ccsim insights`): conversion compared across scripts, hours of the day,
 * customer segments and agent groups, from the call records, per variant.
 *
 * Unit: a conversation with a customer of the population (rows whose `converted` is not null),
 * measured calls only (warm-up excluded). For each dimension: each level's conversion rate with a
 * 95% Wilson interval; Pearson's chi-square test that all levels share one rate; and each level
 * against the rest (two-sided two-proportion z-test), the level's difference from the rest with a
 * 95% Wald interval. Multiple comparisons: the Benjamini–Hochberg procedure over every
 * level-vs-rest test of a variant's report (false discovery rate 5%); a level is called better or
 * worse only when its BH-adjusted p-value (q) is at most 0.05. Levels with fewer conversations
 * than the minimum are shown but not tested.
 *
 * Each comparison is labelled. A script comparison is causal when every scripted call in the
 * records was assigned its script at random (call_records.assignment = 'randomized'); otherwise,
 * and always for hours, segments and agent groups (which nobody assigns at random), it is
 * observational, with the likely confounders named.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openRecords } from './duck.ts';
import { benjaminiHochberg, chiSquareHomogeneity, twoProportionTest, wilsonInterval, type ChiSquareTest, type TwoProportionTest } from './proportions.ts';

export const FDR = 0.05;
export const DEFAULT_MIN_CONVERSATIONS = 30;

export type DimensionKey = 'script' | 'hour' | 'segment' | 'agentGroup';

interface DimensionSpec {
  key: DimensionKey;
  title: string;
  /** One level, in words ("hour"). */
  noun: string;
  question: string;
  /** SQL expression of the level. */
  expr: string;
  /** Levels in natural order (hours) rather than best first. */
  ordered: boolean;
  confounders: string[];
}

export const DIMENSIONS: readonly DimensionSpec[] = [
  {
    key: 'script',
    title: 'Scripts',
    noun: 'script',
    question: 'Which script converts best?',
    expr: 'script_id',
    ordered: false,
    confounders: [
      'scripts chosen by a policy meet different customers (segment, value, intent), hours and agents',
      'a script used more at busy hours inherits their longer waits',
    ],
  },
  {
    key: 'hour',
    title: 'Hours of the day',
    noun: 'hour',
    question: 'Which hours convert best?',
    expr: "lpad(hour(arrival_time)::VARCHAR, 2, '0') || ':00'",
    ordered: true,
    confounders: [
      'hour <-> segment mix: different customers call (or answer) at different hours',
      'hour <-> staffing: waits, and which agent groups are on shift, change over the day',
    ],
  },
  {
    key: 'segment',
    title: 'Customer segments',
    noun: 'segment',
    question: 'Which segments convert best?',
    expr: 'segment',
    ordered: false,
    confounders: [
      'a segment is a customer attribute, not a treatment: segments differ in propensity and budget',
      'segment <-> routing: a skill- or value-based router sends segments to different agents',
      'segment <-> hour: segments call at different times, with different waits',
    ],
  },
  {
    key: 'agentGroup',
    title: 'Agent groups',
    noun: 'agent group',
    question: 'Which agent groups convert best?',
    expr: 'agent_group',
    ordered: false,
    confounders: [
      'routing <-> agent skill: the routing policy decides which customers each group gets',
      'groups work different shifts, so they meet different hours and segment mixes',
      'learning curves: new hires improve during the run',
    ],
  },
];

export interface LevelResult {
  level: string;
  conversations: number;
  conversions: number;
  rate: number;
  ci95: [number, number] | null;
  /** This level against all the others; null when not tested (too few conversations, or a single level). */
  vsRest: TwoProportionTest | null;
  /** Benjamini–Hochberg adjusted p-value of vsRest. */
  q: number | null;
  verdict: 'better' | 'worse' | 'no difference' | 'not tested';
}

export interface DimensionResult {
  key: DimensionKey;
  title: string;
  noun: string;
  question: string;
  label: 'causal' | 'observational';
  /** Why the label: randomised assignment, or the likely confounders. */
  labelReason: string;
  confounders: string[];
  levels: LevelResult[];
  /** Chi-square test that every tested level has the same rate. */
  homogeneity: ChiSquareTest | null;
  /** Set when the dimension has no data (e.g. no scripts recorded yet). */
  note: string | null;
}

export interface VariantInsights {
  variant: string;
  replications: number;
  conversations: number;
  conversions: number;
  rate: number | null;
  ci95: [number, number] | null;
  dimensions: DimensionResult[];
  findings: string[];
}

export interface InsightsDocument {
  records: string;
  timeZone: string;
  method: {
    unit: string;
    interval: string;
    test: string;
    multipleComparisons: string;
    fdr: number;
    minConversations: number;
  };
  variants: VariantInsights[];
}

export interface InsightsOptions {
  minConversations?: number;
}

/** Conversations and conversions of one level of one dimension (one variant). */
export interface LevelCounts {
  level: string | null;
  n: number;
  x: number;
  /** Every conversation of the level had its variant assigned at random. */
  randomized: boolean;
}

interface Row extends LevelCounts {
  variant: string;
}

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(sql);
  return r.getRowObjects() as Record<string, unknown>[];
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v ?? 0));

/** Computes the insights of the records in `dir`. */
export async function computeInsights(dir: string, options: InsightsOptions = {}): Promise<InsightsDocument> {
  const minN = options.minConversations ?? DEFAULT_MIN_CONVERSATIONS;
  const db = await openRecords(dir);
  try {
    const c = db.connection;
    const measured = 'converted IS NOT NULL AND NOT coalesce(warmup, false)';
    const totals = await rows(
      c,
      `SELECT variant, count(*) AS n, sum(converted::INT) AS x, count(DISTINCT replication) AS reps FROM call_records WHERE ${measured} GROUP BY variant ORDER BY variant`,
    );
    const allVariants = await rows(c, 'SELECT DISTINCT variant FROM call_records ORDER BY variant');
    const perDimension = new Map<DimensionKey, Row[]>();
    for (const d of DIMENSIONS) {
      const r = await rows(
        c,
        `SELECT variant, ${d.expr} AS level, count(*) AS n, sum(converted::INT) AS x, bool_and(assignment = 'randomized') AS randomized ` +
          `FROM call_records WHERE ${measured} AND ${d.expr} IS NOT NULL GROUP BY ALL ORDER BY variant, level`,
      );
      perDimension.set(
        d.key,
        r.map((o) => ({ variant: String(o.variant), level: o.level === null ? null : String(o.level), n: num(o.n), x: num(o.x), randomized: o.randomized === true })),
      );
    }
    const variants: VariantInsights[] = allVariants.map((v) => {
      const name = String(v.variant);
      const t = totals.find((o) => String(o.variant) === name);
      const levels = new Map(DIMENSIONS.map((d) => [d.key, (perDimension.get(d.key) ?? []).filter((r) => r.variant === name)]));
      return analyseVariant(name, { n: t ? num(t.n) : 0, x: t ? num(t.x) : 0, replications: t ? num(t.reps) : 0 }, levels, minN);
    });
    return {
      records: dir,
      timeZone: db.timeZone,
      method: {
        unit: 'conversations with a customer of the population (call_records.converted not null), measured calls only (warmup = false)',
        interval: '95% Wilson score interval of each conversion rate; 95% Wald interval of each difference from the rest',
        test: "each level against the rest: two-sided two-proportion z-test (pooled); all levels: Pearson's chi-square test of homogeneity",
        multipleComparisons: `Benjamini-Hochberg over every level-vs-rest test of a variant's report, false discovery rate ${FDR * 100}%`,
        fdr: FDR,
        minConversations: minN,
      },
      variants,
    };
  } finally {
    db.close();
  }
}

/** The insights of one variant from its counts per dimension and level (the statistics, without DuckDB). */
export function analyseVariant(
  variant: string,
  totals: { n: number; x: number; replications: number },
  levels: ReadonlyMap<DimensionKey, readonly LevelCounts[]>,
  minConversations = DEFAULT_MIN_CONVERSATIONS,
): VariantInsights {
  const dims = DIMENSIONS.map((d) => analyseDimension(d, levels.get(d.key) ?? [], minConversations));
  controlFalseDiscoveries(dims);
  return {
    variant,
    replications: totals.replications,
    conversations: totals.n,
    conversions: totals.x,
    rate: totals.n > 0 ? totals.x / totals.n : null,
    ci95: wilsonInterval(totals.x, totals.n),
    dimensions: dims,
    findings: findingsOf(dims, totals.n),
  };
}

function analyseDimension(d: DimensionSpec, data: readonly LevelCounts[], minN: number): DimensionResult {
  const levels: LevelResult[] = data.map((r) => ({
    level: r.level ?? '',
    conversations: r.n,
    conversions: r.x,
    rate: r.n > 0 ? r.x / r.n : 0,
    ci95: wilsonInterval(r.x, r.n),
    vsRest: null,
    q: null,
    verdict: 'not tested',
  }));
  const tested = levels.filter((l) => l.conversations >= minN);
  if (tested.length >= 2) {
    const N = tested.reduce((s, l) => s + l.conversations, 0);
    const X = tested.reduce((s, l) => s + l.conversions, 0);
    for (const l of tested) l.vsRest = twoProportionTest(l.conversions, l.conversations, X - l.conversions, N - l.conversations);
  }
  const randomized = data.length > 0 && data.every((r) => r.randomized);
  const causal = d.key === 'script' && randomized;
  if (!d.ordered) levels.sort((a, b) => b.rate - a.rate || a.level.localeCompare(b.level));
  const homogeneity = tested.length >= 2 ? chiSquareHomogeneity(tested.map((l) => l.conversions), tested.map((l) => l.conversations)) : null;
  let note: string | null = null;
  if (levels.length === 0) note = d.key === 'script' ? 'no scripts recorded (script_id is null in every call record)' : 'no data';
  else if (tested.length < 2) note = `fewer than two levels with at least ${minN} conversations: nothing to compare`;
  return {
    key: d.key,
    title: d.title,
    noun: d.noun,
    question: d.question,
    label: causal ? 'causal' : 'observational',
    labelReason: causal
      ? 'scripts were assigned to calls at random (assignment = randomized), so differences between them are caused by the scripts'
      : d.key === 'script'
        ? 'scripts were not assigned at random (assignment = policy): differences may come from who got which script'
        : `nobody assigns ${d.title.toLowerCase()} at random: differences describe the records, they do not show what a change would cause`,
    confounders: causal ? [] : d.confounders,
    levels,
    homogeneity,
    note,
  };
}

/** Benjamini–Hochberg over every level-vs-rest test of the report; sets q and the verdicts. */
function controlFalseDiscoveries(dims: DimensionResult[]): void {
  const tests: LevelResult[] = dims.flatMap((d) => d.levels.filter((l) => l.vsRest !== null));
  const q = benjaminiHochberg(tests.map((l) => l.vsRest!.p));
  tests.forEach((l, i) => {
    l.q = q[i];
    l.verdict = q[i] <= FDR ? (l.vsRest!.difference > 0 ? 'better' : 'worse') : 'no difference';
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pp`;

function findingsOf(dims: DimensionResult[], conversations: number): string[] {
  if (conversations === 0) return ['no conversations with customers of a population in these records: nothing to compare (a scenario without `customers:` records no conversions)'];
  return dims.map((d) => {
    const better = d.levels.filter((l) => l.verdict === 'better');
    const worse = d.levels.filter((l) => l.verdict === 'worse');
    const tag = `${d.label}`;
    if (d.note && better.length === 0 && worse.length === 0) return `${d.question} ${d.note}.`;
    if (better.length === 0 && worse.length === 0) return `${d.question} No ${d.noun} differs from the rest after false-discovery control (${tag}).`;
    const parts: string[] = [];
    if (better.length > 0) parts.push(`better than the rest: ${better.map((l) => `${l.level} (${pct(l.rate)}, ${pp(l.vsRest!.difference)})`).join(', ')}`);
    if (worse.length > 0) parts.push(`worse: ${worse.map((l) => `${l.level} (${pct(l.rate)}, ${pp(l.vsRest!.difference)})`).join(', ')}`);
    return `${d.question} ${parts.join('; ')} (${tag}).`;
  });
}
