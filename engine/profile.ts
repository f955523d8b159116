/**
 * Customer profiles from observable data only (the engine's view of a CRM record): the product of
 * interest from keywords in the notes and from product page views, a purchase-power score from past
 * transactions and spend, a communication style from the words in the notes, and an affinity for
 * digital products from the age band and web activity. Computed once per customer, in a batch, into
 * typed arrays the routing and prioritisation policies read.
 */
import { STYLES, type CustomerObservations, type CustomerProfiles } from './observations.ts';

/** Words in a note that reveal a style (index-aligned with STYLES). */
const STYLE_CUES: readonly (readonly string[])[] = [
  ['figures', 'comparison', 'writing', 'detail'],
  ['short on time', 'bottom line', 'quickly'],
  ['friendly', 'chatty', 'family', 'patience'],
  ['enthusiastic', 'new features', 'trying new'],
];

export class ProfileTable implements CustomerProfiles {
  readonly count: number;
  readonly productPref: Int8Array;
  readonly purchasePower: Float32Array;
  readonly style: Int8Array;
  readonly digitalAffinity: Float32Array;
  readonly language: Uint8Array;
  readonly segment: Uint16Array;
  readonly predictedValue: Float32Array;

  constructor(count: number) {
    this.count = count;
    this.productPref = new Int8Array(count).fill(-1);
    this.purchasePower = new Float32Array(count);
    this.style = new Int8Array(count).fill(-1);
    this.digitalAffinity = new Float32Array(count);
    this.language = new Uint8Array(count);
    this.segment = new Uint16Array(count);
    this.predictedValue = new Float32Array(count);
  }
}

/** Profiles of every customer (batch). */
export function extractProfiles(obs: CustomerObservations): ProfileTable {
  const n = obs.count;
  const P = obs.productNames.length;
  const bands = obs.ageBandNames.length;
  const t = new ProfileTable(n);
  const keywords = obs.productNames.map((p) => p.toLowerCase().replace(/-/g, ' '));
  // Purchase power: spend per year of tenure, squashed to [0, 1] against the population median.
  const yearly = new Float32Array(n);
  for (let i = 0; i < n; i++) yearly[i] = obs.spend[i] / Math.max(0.25, obs.tenureDays[i] / 365);
  const median = Float32Array.from(yearly).sort()[n >> 1] || 1;
  for (let i = 0; i < n; i++) {
    t.language[i] = obs.language[i];
    t.segment[i] = obs.segment[i];
    t.purchasePower[i] = yearly[i] / (yearly[i] + median);
    const youth = bands > 1 ? 1 - obs.ageBand[i] / (bands - 1) : 0.5;
    t.digitalAffinity[i] = 0.6 * youth + 0.4 * Math.min(1, obs.webVisits[i] / 20);
    // Product: a product named in the note wins; else the most viewed product, if any.
    const note = obs.note(i).toLowerCase();
    let pref = -1;
    if (note) for (let p = 0; p < P && pref < 0; p++) if (note.includes(keywords[p])) pref = p;
    if (pref < 0) {
      let best = 0;
      for (let p = 0; p < P; p++) {
        const v = obs.productViews[i * P + p];
        if (v > best) {
          best = v;
          pref = p;
        }
      }
    }
    t.productPref[i] = pref;
    if (note) t.style[i] = styleOf(note);
  }
  return t;
}

function styleOf(note: string): number {
  for (let s = 0; s < STYLES.length; s++) for (const cue of STYLE_CUES[s]) if (note.includes(cue)) return s;
  return -1;
}
