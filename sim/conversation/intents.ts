/**
 * The customer intents the world knows about, and the languages customers speak. Intents are small
 * integers (indices into INTENTS) so per-call state lives in typed arrays; the names are the labels
 * the engine's classifier is trained on (the engine never imports this file: it learns the names
 * from its training data and stores them with the model).
 */

export const INTENTS = [
  'BUDGET_CONCERN',
  'PRICE_INQUIRY',
  'PRODUCT_QUESTION',
  'NOT_INTERESTED',
  'CALL_BACK_LATER',
  'READY_TO_BUY',
  'COMPLAINT',
  'WRONG_PERSON',
  'DISCOUNT_REQUEST',
  'COMPETITOR_MENTION',
  'CONTRACT_TERMS',
  'GREETING_SMALLTALK',
] as const;

export type IntentName = (typeof INTENTS)[number];

/** Intent name to index, e.g. Intent.BUDGET_CONCERN === 0. */
export const Intent = Object.freeze(Object.fromEntries(INTENTS.map((n, i) => [n, i]))) as { readonly [K in IntentName]: number };

export const INTENT_COUNT = INTENTS.length;

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Index of an intent name, or -1. */
export function intentIndex(name: string): number {
  return (INTENTS as readonly string[]).indexOf(name);
}
