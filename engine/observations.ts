/**
 * What the decision models may see: observable data, as a center's CRM and HR systems hold it.
 * The world (sim/) fills these structures; the engine reads nothing else. There are no hidden fields
 * here to read by mistake: a customer's true propensity, budget or preference, and an agent's true
 * ability, stay in sim/ and reach the engine only through outcomes it observes.
 */

/** Customers as the CRM knows them, struct-of-arrays by customer index. */
export interface CustomerObservations {
  readonly count: number;
  readonly segmentNames: readonly string[];
  readonly languageNames: readonly string[];
  readonly productNames: readonly string[];
  /** Age bands, youngest first (e.g. "18-29"). */
  readonly ageBandNames: readonly string[];
  readonly segment: Uint16Array;
  /** Preferred language (index into languageNames). */
  readonly language: Uint8Array;
  /** Age band on file (index into ageBandNames). */
  readonly ageBand: Uint8Array;
  /** Days since the customer first appeared. */
  readonly tenureDays: Float32Array;
  /** Past purchases (count) and their total spend. */
  readonly transactions: Float32Array;
  readonly spend: Float32Array;
  /** Website visits in the last 90 days. */
  readonly webVisits: Float32Array;
  /** Product page views in the last 90 days, customer-major: [customer * products + product]. */
  readonly productViews: Float32Array;
  /** Short free-text note from earlier calls ("" when none). Generated on demand by the world. */
  note(customer: number): string;
}

/** Agents as the center's HR data describes them, struct-of-arrays by agent id. */
export interface AgentObservations {
  readonly count: number;
  readonly groupNames: readonly string[];
  readonly group: Int32Array;
  /** Languages spoken, a bit per language index (bit i = languageNames[i]). */
  readonly languages: Uint32Array;
  /** Seniority in [0, 1] (0 new hire, 1 most senior). */
  readonly seniority: Float32Array;
  /** Familiarity with digital products in [0, 1]. */
  readonly digital: Float32Array;
  /** Product knowledge level in [0, 1], agent-major: [agent * products + product]. */
  readonly knowledge: Float32Array;
  readonly products: number;
}

/** The profile the engine derives from a customer's observations (engine/profile.ts). */
export interface CustomerProfiles {
  readonly count: number;
  /** Product of interest (index), or -1 when nothing points to one. */
  readonly productPref: Int8Array;
  /** Purchase-power score in [0, 1] from past transactions and spend. */
  readonly purchasePower: Float32Array;
  /** Communication style (index into STYLES), -1 unknown. */
  readonly style: Int8Array;
  /** Affinity for digital products in [0, 1] (age band, web activity). */
  readonly digitalAffinity: Float32Array;
  readonly language: Uint8Array;
  readonly segment: Uint16Array;
  /** Predicted lifetime value (engine/value-model.ts), 0 until predicted. */
  readonly predictedValue: Float32Array;
}

/** Communication styles the notes can reveal. */
export const STYLES = ['analytical', 'driver', 'amiable', 'expressive'] as const;
