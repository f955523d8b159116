// The scenarios a pilot is made of: the baseline (the scenario without its pilot), the treatment
// (the baseline with the treatment's overrides: what a 100% rollout runs), and the split at a given
// share. A split at share 0 must run exactly like the baseline and at share 1 exactly like the
// treatment (tested): these functions say what "exactly like" is compared against.

import type { Scenario } from './schema.ts';
import { assistSpec, type AssistSpec } from './world-schema.ts';

/**
 * The scenario without its pilot block (what every call gets at share 0). With a bot treatment
 * the scenario's bot is the treatment's: the baseline keeps the block (as the split does) but the
 * bot takes no caller and dials no lead, and no lead is set aside for it.
 */
export function baselineScenario(s: Scenario): Scenario {
  const { pilot, ...rest } = s;
  const base = { ...rest, name: `${s.name}-baseline` } as Scenario;
  if (pilot?.treatment.bot && s.bot) {
    base.bot = { ...s.bot, inbound: 'none', outboundLines: 0 };
    if (s.priority?.bot) {
      const { bot: _rule, ...priority } = s.priority;
      base.priority = priority as Scenario['priority'];
    }
  }
  return base;
}

/** The treatment's assist settings: the scenario's assist block with the overrides on top (null when the pilot does not touch assist). */
export function treatmentAssist(s: Scenario): AssistSpec | null {
  const t = s.pilot?.treatment.assist;
  if (t === undefined || s.assist === undefined) return null;
  const defined = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
  return assistSpec.parse({ ...s.assist, ...defined });
}

/** The baseline with the treatment applied everywhere (a full rollout), without the pilot block. */
export function treatmentScenario(s: Scenario): Scenario {
  const { pilot: _pilot, ...rest } = s;
  // The bot treatment is the scenario's own bot for everyone; other treatments start from the baseline.
  const base = (s.pilot?.treatment.bot ? { ...rest } : baselineScenario(s)) as Scenario;
  const t = s.pilot?.treatment;
  const assist = treatmentAssist(s);
  return {
    ...base,
    name: `${s.name}-treatment`,
    ...(t?.routing ? { routing: t.routing } : {}),
    ...(t?.pacing && base.outbound ? { outbound: { ...base.outbound, pacing: { ...t.pacing, tickSeconds: base.outbound.pacing.tickSeconds } } } : {}),
    ...(assist !== null ? { assist } : {}),
  } as Scenario;
}

/** The pilot scenario at another share (a stage of the rollout). */
export function atShare(s: Scenario, share: number): Scenario {
  if (!s.pilot) throw new Error('atShare: the scenario has no pilot block');
  return { ...s, pilot: { ...s.pilot, share } };
}

/** The assist settings of each arm (null: no assist in that arm). */
export function armAssist(s: Scenario): { baseline: AssistSpec | null; treatment: AssistSpec | null } {
  const baseline = s.assist && s.assist.enabled ? s.assist : null;
  if (!s.pilot || s.pilot.treatment.assist === undefined) return { baseline, treatment: baseline };
  const t = treatmentAssist(s)!;
  return { baseline, treatment: t.enabled ? t : null };
}
