// A pilot in a split center: a share of the traffic (calls and leads) or of the agents gets the new
// policy (the treatment) while the rest keep the scenario's own (the baseline), in one simulated
// center, so the arms share the queue, the agents' time and the leads, as they do in a live pilot.
// The `plan` part is read by `ccsim pilot plan` only (stages, KPIs, guardrails, power settings);
// the simulator reads `unit`, `share` and `treatment`.
//
// Treatment kinds are keys of `treatment` (routing, pacing, assist, bot); a new kind (the AI voice bot) is one
// more optional key here and one more arm-aware decision in sim/pilot.ts.

import { z } from 'zod';
import { int, num } from './primitives.ts';

/** A number strictly between 0 and 1 (a probability that cannot be 0 or 1). */
const open01 = () => z.number({ error: 'a number strictly between 0 and 1' }).gt(0, { error: 'a number strictly between 0 and 1' }).lt(1, { error: 'a number strictly between 0 and 1' });
import { pacingSpec } from './outbound-schema.ts';
import { assistSpec, routingSpec } from './world-schema.ts';

/** The assist fields as overrides: every field optional and without its default (the baseline's value stays). */
const assistOverrideSpec = z.strictObject(
  Object.fromEntries(
    Object.entries(assistSpec.shape).map(([k, v]) => {
      const inner = v instanceof z.ZodDefault || v instanceof z.ZodPrefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType);
      return [k, inner instanceof z.ZodOptional ? inner : inner.optional()];
    }),
  ),
);

export const PILOT_UNITS = ['calls', 'agents'] as const;
export const PILOT_DESIGNS = ['calls', 'agents', 'switchback'] as const;
export type PilotDesign = (typeof PILOT_DESIGNS)[number];

export const pilotTreatmentSpec = z
  .strictObject({
    routing: routingSpec
      .optional()
      .meta({ description: 'The routing of the treatment arm (a complete routing block: policy, weights, candidatesPerGroup).' }),
    assist: assistOverrideSpec
      .optional()
      .meta({ description: 'Script assist in the treatment arm: fields that override the scenario\'s assist block (e.g. { enabled: true }).' }),
    pacing: pacingSpec
      .optional()
      .meta({ description: 'The pacing of the treatment arm\'s agents (a complete pacing block; unit agents): the dialer paces each arm for its own agents and connects an arm\'s answers to its own agents. The tick is the scenario\'s.' }),
    bot: z.literal(true, { error: 'true' }).optional()
      .meta({ description: 'The AI voice bot (the scenario\'s bot block) for the treatment arm only: its inbound callers meet the bot first, its low-value leads are the bot\'s; the baseline arm talks to people only (unit calls).' }),
  })
  .superRefine((t, ctx) => {
    if (t.routing === undefined && t.assist === undefined && t.bot === undefined && t.pacing === undefined) {
      ctx.addIssue({ code: 'custom', path: [], input: t, message: 'at least one treatment (routing, pacing, assist or bot)', params: { found: 'none' } });
    }
  });
export type PilotTreatmentSpec = z.output<typeof pilotTreatmentSpec>;

const kpiName = z.string({ error: 'a KPI name' }).min(1, { error: 'a KPI name' });

export const guardrailSpec = z
  .strictObject({
    kpi: kpiName,
    max: num().optional().meta({ description: 'The center\'s KPI must stay at or below this (judged on the upper end of its 95% CI).' }),
    min: num().optional().meta({ description: 'The center\'s KPI must stay at or above this (judged on the lower end of its 95% CI).' }),
    maxIncrease: num({ min: 0 }).optional().meta({ description: 'At most this rise over the baseline (paired difference, upper end of its 95% CI).' }),
    maxDecrease: num({ min: 0 }).optional().meta({ description: 'At most this fall below the baseline (paired difference, lower end of its 95% CI).' }),
    rule: z.string().optional().meta({ description: 'Where the limit comes from (shown in the plan).' }),
  })
  .superRefine((g, ctx) => {
    if (g.max === undefined && g.min === undefined && g.maxIncrease === undefined && g.maxDecrease === undefined) {
      ctx.addIssue({ code: 'custom', path: ['max'], input: undefined, message: 'a limit: max, min, maxIncrease or maxDecrease', params: { found: 'no limit' } });
    }
  });
export type GuardrailSpec = z.output<typeof guardrailSpec>;

export const pilotPlanSpec = z
  .strictObject({
    stages: z
      .array(num({ gt: 0, max: 1 }), { error: 'a list of shares in (0, 1]' })
      .min(1, { error: 'a non-empty list of shares in (0, 1]' })
      .default([0.1, 0.25, 0.5, 1])
      .superRefine((s, ctx) => {
        for (let i = 1; i < s.length; i++) {
          if (s[i] <= s[i - 1]) ctx.addIssue({ code: 'custom', path: [i], input: s[i], message: `a share above ${s[i - 1]} (stages grow)` });
        }
      })
      .meta({ description: 'Rollout stages: the share of the unit in the treatment arm at each stage.' }),
    kpis: z
      .array(kpiName)
      .min(1)
      .default(['conversionRate'])
      .meta({ description: 'KPIs whose lift each stage reports; the first is the one the power analysis is for (a per-conversation yes/no KPI: conversionRate or effectiveCallShare).' }),
    guardrails: z.array(guardrailSpec).default([]).meta({ description: 'Risk limits judged at every stage on the whole center: go when all hold.' }),
    power: z
      .strictObject({
        alpha: open01().default(0.05).meta({ description: 'Significance level (two-sided).' }),
        target: open01().default(0.8).meta({ description: 'Power to reach.' }),
        lift: num().optional().meta({ description: 'The true lift of the first KPI (absolute, e.g. 0.02 = +2 points); default: the full rollout\'s simulated lift.' }),
        share: open01().optional().meta({ description: 'Treatment share of the powered test; default: each stage below 100% is powered at its own share.' }),
        designs: z.array(z.enum(PILOT_DESIGNS, { error: `one of ${PILOT_DESIGNS.join(', ')}` })).min(1).default([...PILOT_DESIGNS]),
        pilots: int({ min: 100, max: 100000 }).default(2000).meta({ description: 'Simulated pilots per design, share and duration.' }),
        calibrationDays: int({ min: 2, max: 1000 }).default(40).meta({ description: 'Simulated days (replications) of the baseline and of the full rollout that calibrate the simulated pilots.' }),
        maxDays: int({ min: 1, max: 365 }).default(28).meta({ description: 'Longest pilot considered (days = replications of the scenario).' }),
        blockHours: num({ gt: 0 }).default(2).meta({ description: 'Switchback: length of a time block (hours).' }),
        seed: int({ min: 0, max: 2 ** 32 - 1 }).default(1).meta({ description: 'Seed of the simulated pilots\' assignments and draws.' }),
      })
      .prefault({}),
  })
  .prefault({})
  .meta({ description: 'What `ccsim pilot plan` computes: stages, KPIs, guardrails and the power analysis.' });
export type PilotPlanSpec = z.output<typeof pilotPlanSpec>;

export const pilotSpec = z
  .strictObject({
    unit: z.enum(PILOT_UNITS, { error: `one of ${PILOT_UNITS.join(', ')}` }).default('calls')
      .meta({ description: 'What is split: calls (inbound calls by arrival, outbound leads) or agents (stratified by group).' }),
    share: num({ min: 0, max: 1 }).default(0.5).meta({ description: 'Share of the unit in the treatment arm (0: the baseline exactly, 1: the treatment exactly).' }),
    treatment: pilotTreatmentSpec,
    plan: pilotPlanSpec,
  })
  .meta({ description: 'A split center: a share of calls or agents runs the treatment policy beside the baseline (`ccsim pilot plan` plans its rollout).' });
export type PilotSpec = z.output<typeof pilotSpec>;

/** Cross-field rules: a pilot needs customers; an assist treatment needs the scenario's assist block. */
export function refinePilot(s: { pilot?: PilotSpec; customers?: unknown; assist?: unknown; bot?: unknown; outbound?: unknown }, ctx: z.RefinementCtx): void {
  const p = s.pilot;
  if (p === undefined) return;
  if (s.customers === undefined) {
    ctx.addIssue({ code: 'custom', path: ['pilot'], input: p, message: 'a customers section (a pilot splits routing or assist, which need customers)', params: { found: 'pilot without customers' } });
  }
  if (p.treatment.assist !== undefined && s.assist === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['pilot', 'treatment', 'assist'],
      input: p.treatment.assist,
      message: 'an assist block in the scenario (the baseline\'s settings; enabled: false for no assist)',
      params: { found: 'no assist block' },
    });
  }
  if (p.treatment.bot && s.bot === undefined) {
    ctx.addIssue({ code: 'custom', path: ['pilot', 'treatment', 'bot'], input: true, message: 'a bot block in the scenario (the treatment arm\'s bot)', params: { found: 'no bot block' } });
  }
  if (p.treatment.bot && p.unit !== 'calls') {
    ctx.addIssue({ code: 'custom', path: ['pilot', 'unit'], input: p.unit, message: 'unit calls for a bot treatment (the bot takes calls, not agents)', params: { found: p.unit } });
  }
  if (p.treatment.pacing !== undefined && s.outbound === undefined) {
    ctx.addIssue({ code: 'custom', path: ['pilot', 'treatment', 'pacing'], input: p.treatment.pacing, message: 'an outbound campaign in the scenario (the baseline arm\'s pacing)', params: { found: 'no outbound block' } });
  }
  if (p.treatment.pacing !== undefined && p.unit !== 'agents') {
    ctx.addIssue({ code: 'custom', path: ['pilot', 'unit'], input: p.unit, message: 'unit agents for a pacing treatment (a pacer paces for a team: each arm\'s agents take its own answers)', params: { found: p.unit } });
  }
  if (p.treatment.assist?.model !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['pilot', 'treatment', 'assist', 'model'], input: p.treatment.assist.model, message: 'no model override (both arms use the scenario\'s intent model)' });
  }
}
