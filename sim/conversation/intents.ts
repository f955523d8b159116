/**
 * The customer intents the world knows about, and the languages customers speak. Intents are small
 * integers (indices into INTENTS) so per-call state lives in typed arrays; the names are the labels
 * the engine's classifier is trained on (the engine never imports this file: it learns the names
 * from its training data and stores them with the model).
 */
import { BOT_INTENTS } from '../../scenarios/collab-schema.ts';

/** The world's intents, in index order: the list scenarios name them from (scenarios/collab-schema.ts). */
export const INTENTS = BOT_INTENTS;

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
