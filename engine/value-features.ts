/**
 * Features of the value model (engine/value-model.ts), from a customer's CRM observations and the
 * engine's profile of them (engine/profile.ts) only: nothing here can see the world's hidden truth
 * (engine/observations.ts has no hidden fields, and test/engine/hidden-truth.test.ts checks at run
 * time which properties are read).
 *
 * Raw (unstandardised) features, n × d row-major in a Float32Array; the model standardises them with
 * the training set's statistics, which it stores with its weights. The names depend on the
 * population's segments, languages, age bands and products, so a saved model can check that it is
 * being fed the columns it was trained on.
 */
import { STYLES, type CustomerObservations, type CustomerProfiles } from './observations.ts';

/** Bumped whenever the features change, so saved models and caches notice. */
export const VALUE_FEATURES_VERSION = 1;

export interface FeatureMatrix {
  /** n × d, row-major. */
  readonly data: Float32Array;
  readonly n: number;
  readonly d: number;
  readonly names: readonly string[];
}

/** Column names for a population with these category lists. */
export function valueFeatureNames(obs: Pick<CustomerObservations, 'segmentNames' | 'languageNames' | 'productNames' | 'ageBandNames'>): string[] {
  return [
    'log1p_spend',
    'log1p_transactions',
    'log1p_web_visits',
    'tenure_years',
    'log1p_spend_per_transaction',
    'log1p_transactions_per_year',
    'log1p_spend_per_year',
    'log1p_product_views',
    ...obs.productNames.map((p) => `view_share:${p}`),
    'purchase_power',
    'digital_affinity',
    'has_note',
    ...obs.segmentNames.map((s) => `segment:${s}`),
    ...obs.ageBandNames.map((a) => `age_band:${a}`),
    ...obs.languageNames.map((l) => `language:${l}`),
    ...obs.productNames.map((p) => `profile_product:${p}`),
    ...STYLES.map((s) => `profile_style:${s}`),
  ];
}

/** The feature matrix of every customer (batch). `profiles` must be extractProfiles(obs). */
export function valueFeatures(obs: CustomerObservations, profiles: CustomerProfiles): FeatureMatrix {
  const names = valueFeatureNames(obs);
  const n = obs.count;
  const d = names.length;
  const P = obs.productNames.length;
  const S = obs.segmentNames.length;
  const A = obs.ageBandNames.length;
  const L = obs.languageNames.length;
  const data = new Float32Array(n * d);
  const { spend, transactions, webVisits, tenureDays, productViews, segment, ageBand, language } = obs;
  const { purchasePower, digitalAffinity, productPref, style } = profiles;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const sp = spend[i];
    const tx = transactions[i];
    const years = tenureDays[i] / 365;
    const perYear = Math.max(0.25, years);
    let j = row;
    data[j++] = Math.log1p(sp);
    data[j++] = Math.log1p(tx);
    data[j++] = Math.log1p(webVisits[i]);
    data[j++] = years;
    data[j++] = Math.log1p(tx > 0 ? sp / tx : 0);
    data[j++] = Math.log1p(tx / perYear);
    data[j++] = Math.log1p(sp / perYear);
    let views = 0;
    for (let p = 0; p < P; p++) views += productViews[i * P + p];
    data[j++] = Math.log1p(views);
    for (let p = 0; p < P; p++) data[j++] = views > 0 ? productViews[i * P + p] / views : 0;
    data[j++] = purchasePower[i];
    data[j++] = digitalAffinity[i];
    data[j++] = obs.note(i) !== '' ? 1 : 0;
    data[j + segment[i]] = 1;
    j += S;
    data[j + ageBand[i]] = 1;
    j += A;
    data[j + language[i]] = 1;
    j += L;
    if (productPref[i] >= 0) data[j + productPref[i]] = 1;
    j += P;
    if (style[i] >= 0) data[j + style[i]] = 1;
  }
  return { data, n, d, names };
}

/** Per-column mean and standard deviation (a constant column gets std 1, so it standardises to 0). */
export function featureStats(f: FeatureMatrix): { mean: Float64Array; std: Float64Array } {
  const { data, n, d } = f;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += data[i * d + k];
  for (let k = 0; k < d; k++) mean[k] /= Math.max(1, n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const x = data[i * d + k] - mean[k];
      sq[k] += x * x;
    }
  }
  const std = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(sq[k] / Math.max(1, n));
    std[k] = s > 1e-9 ? s : 1;
  }
  return { mean, std };
}

/** (x - mean) / std, column by column, into a new array. */
export function standardise(data: Float32Array, d: number, mean: ArrayLike<number>, std: ArrayLike<number>): Float32Array {
  const out = new Float32Array(data.length);
  const n = data.length / d;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let k = 0; k < d; k++) out[row + k] = (data[row + k] - mean[k]) / std[k];
  }
  return out;
}
