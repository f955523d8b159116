// The outbound campaign section of a scenario: the calling list (observable columns), the leads' hidden behaviour
// (what decides whether a person answers; the dialer never sees it), the life of a dial attempt, retries, calling hours,
// the pacing policy, the compliance rule pack and blending. Defaults are plausible for a consumer campaign; every one
// is an assumption of the simulated world, listed in the README.

import { z } from 'zod';
import { distSpec, int, isValidTimeZone, num, timeOfDay, weekdayFactorsSpec } from './primitives.ts';

const share = (description: string) => num({ min: 0, max: 1 }).meta({ description });

export const zoneShareSpec = z.strictObject({
  zone: z
    .string({ error: 'an IANA time zone such as "America/New_York"' })
    .refine(isValidTimeZone, { error: 'an IANA time zone such as "America/New_York"' }),
  share: num({ gt: 0 }).meta({ description: 'Relative share of leads in this zone.' }),
});

export const segmentShareSpec = z.strictObject({
  name: z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }),
  share: num({ gt: 0 }).meta({ description: 'Relative share of leads in this segment.' }),
});

export const leadsSpec = z
  .strictObject({
    count: int({ min: 1 }).optional().meta({ description: 'Generate a list of this many leads.' }),
    file: z
      .string({ error: 'a path to a CSV file' })
      .optional()
      .meta({ description: 'Read the list from a CSV file (columns: id, timeZone, segment, phoneType, value, doNotCall), relative to the scenario file.' }),
    timeZones: z.array(zoneShareSpec, { error: 'a list of { zone, share }' }).min(1).optional()
      .meta({ description: 'Time zones of generated leads (default: the calendar time zone).' }),
    segments: z.array(segmentShareSpec, { error: 'a list of { name, share }' }).min(1).optional()
      .meta({ description: 'Segments of generated leads (default: one segment "all").' }),
    mobileShare: share('Share of generated leads with a mobile number.').default(0.6),
    value: distSpec.default({ dist: 'lognormal', mean: 300, cv: 1 })
      .meta({ description: 'Observable estimated value of a generated lead (currency units).' }),
    doNotCallShare: share('Share of generated leads flagged do-not-call (never dialed).').default(0.02),
  })
  .superRefine((l, ctx) => {
    if ((l.count === undefined) === (l.file === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], input: l, message: 'exactly one of count (generate a list) or file (read one)' });
    }
  });
export type LeadsSpec = z.output<typeof leadsSpec>;

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export const hourFactorsSpec = z
  .strictObject(Object.fromEntries(HOURS.map((h) => [h, num({ min: 0 }).optional()])) as Record<string, z.ZodOptional<z.ZodNumber>>)
  .meta({ description: 'Multiplier of the answer probability by the lead\'s local hour ("08": 0.8, ...); hours not listed use the default curve.' });

/** Typical answer-rate curve by local hour (people answer more in the early evening), relative to the base rate. */
export const DEFAULT_HOUR_FACTORS: Readonly<Record<string, number>> = {
  '08': 0.7, '09': 0.8, '10': 0.85, '11': 0.9, '12': 1.0, '13': 0.95, '14': 0.9,
  '15': 0.95, '16': 1.05, '17': 1.2, '18': 1.3, '19': 1.25, '20': 1.05,
};

export const leadBehaviourSpec = z
  .strictObject({
    answer: share('Probability that a person answers an attempt at a typical hour (before hour, weekday and phone factors).').default(0.3),
    answerSpread: num({ min: 0, max: 3 }).default(0.5)
      .meta({ description: 'Coefficient of variation of a lead\'s own answer propensity across the list (a gamma-distributed multiplier with mean 1).' }),
    hourFactors: hourFactorsSpec.optional(),
    weekdayFactors: weekdayFactorsSpec,
    mobileFactor: num({ gt: 0 }).default(1.1).meta({ description: 'Answer-probability multiplier for mobile numbers.' }),
    busy: share('Probability that an attempt to a valid number meets a busy line.').default(0.05),
    invalid: share('Share of leads whose number is invalid (every attempt fails fast).').default(0.04),
    machine: share('Probability that an attempt nobody answers in person reaches an answering machine (else it rings out).').default(0.35),
    rightParty: share('Probability that the person who answers is the lead.').default(0.85),
  })
  .prefault({})
  .meta({ description: 'The leads\' hidden behaviour: the simulated world\'s truth, never visible to the dialer.' });
export type LeadBehaviourSpec = z.output<typeof leadBehaviourSpec>;

export const amdSpec = z
  .strictObject({
    enabled: z.boolean({ error: 'true or false' }).default(true),
    falsePositiveRate: share('Share of live answers AMD wrongly takes for a machine and hangs up on.').default(0.02),
    falseNegativeRate: share('Share of machines AMD misses (passed to an agent, wasting their time).').default(0.15),
  })
  .prefault({});

export const retriesSpec = z
  .strictObject({
    maxAttempts: int({ min: 1, max: 30 }).default(6).meta({ description: 'Attempts per lead at most.' }),
    delayMinutes: z
      .strictObject({
        noAnswer: num({ min: 0 }).default(240),
        busy: num({ min: 0 }).default(30),
        machine: num({ min: 0 }).default(1440),
        abandoned: num({ min: 0 }).default(4320),
        wrongParty: num({ min: 0 }).default(1440),
        amdHangup: num({ min: 0 }).default(1440),
      })
      .prefault({})
      .meta({ description: 'Minutes before a lead is eligible again, by the outcome of its last attempt.' }),
  })
  .prefault({});

export const callingHoursSpec = z
  .strictObject({ from: timeOfDay.default('08:00'), to: timeOfDay.default('21:00') })
  .prefault({})
  .meta({ description: 'Calls are placed only inside this window of the lead\'s local time.' });

const tickSeconds = num({ gt: 0 }).default(5).meta({ description: 'Re-evaluate pacing at least this often (seconds).' });

export const pacingSpec = z
  .discriminatedUnion(
    'policy',
    [
      z.strictObject({
        policy: z.literal('preview'),
        previewSeconds: num({ min: 0 }).default(20).meta({ description: 'Agent time reading the lead before dialing.' }),
        dispositionSeconds: num({ min: 0 }).default(10).meta({ description: 'Agent time logging an attempt that did not connect.' }),
        tickSeconds,
      }),
      z.strictObject({
        policy: z.literal('manual'),
        dialSeconds: num({ min: 0 }).default(25).meta({ description: 'Agent time finding the lead and dialing by hand.' }),
        dispositionSeconds: num({ min: 0 }).default(25).meta({ description: 'Agent time logging an attempt that did not connect.' }),
        tickSeconds,
      }),
      z.strictObject({ policy: z.literal('progressive'), ratio: num({ gt: 0, max: 5 }).default(1), tickSeconds }),
      z.strictObject({
        policy: z.literal('fixed-buffer'),
        buffer: num({ min: 0, max: 5 }).default(0.2),
        maxLinesPerAgent: num({ min: 1, max: 15 }).default(3),
        initialAnswerRate: num({ gt: 0, max: 1 }).default(0.2).meta({ description: 'Prior of the answer rate before any outcome is seen.' }),
        tickSeconds,
      }),
      z.strictObject({
        policy: z.literal('predictive'),
        targetAbandonRate: num({ gt: 0, max: 1 }).default(0.03),
        safetyMargin: num({ min: 0, max: 1 }).default(0.005),
        maxLinesPerAgent: num({ min: 1, max: 15 }).default(3),
        initialAnswerRate: num({ gt: 0, max: 1 }).default(0.2),
        tickSeconds,
      }),
    ],
    { error: 'a pacing policy: one of preview, manual, progressive, fixed-buffer, predictive' },
  )
  .meta({ description: 'How many lines the dialer keeps dialing.' });
export type PacingSpecInput = z.output<typeof pacingSpec>;

export const complianceSpec = z
  .strictObject({
    pack: z.enum(['us', 'uk'], { error: 'one of us, uk' }).default('us')
      .meta({ description: 'us: abandoned / live-answered per fixed 30-day period; uk: abandoned / (abandoned + connected) over any rolling 24 h, with the AMD false-positive estimate counted as abandoned, and no re-call within 72 h of an abandoned call.' }),
    threshold: num({ gt: 0, max: 1 }).optional(),
    windowHours: num({ gt: 0 }).optional(),
    rolling: z.boolean({ error: 'true or false' }).optional(),
    connectSeconds: num({ gt: 0 }).optional().meta({ description: 'A live answer must reach an agent within this many seconds of the greeting.' }),
    recallBlockHours: num({ min: 0 }).optional(),
    countAmdEstimate: z.boolean({ error: 'true or false' }).optional(),
    minRingSeconds: num({ min: 0 }).optional(),
  })
  .prefault({})
  .meta({ description: 'The rule pack and any overrides of its parameters.' });
export type ComplianceSpecInput = z.output<typeof complianceSpec>;

export const outboundSpec = z
  .strictObject({
    leads: leadsSpec,
    behaviour: leadBehaviourSpec,
    ringTime: distSpec.default({ dist: 'lognormal', mean: 12, cv: 0.5 })
      .meta({ description: 'Seconds from dial until a person or a machine picks up.' }),
    noAnswerTimeout: num({ min: 1 }).default(25).meta({ description: 'Seconds of ringing before the dialer gives up.' }),
    greeting: distSpec.default({ dist: 'uniform', min: 1, max: 2.5 })
      .meta({ description: 'Seconds from pickup to the end of the greeting (when the connect clock starts).' }),
    amd: amdSpec,
    talkTime: distSpec.default({ dist: 'lognormal', mean: 180, cv: 0.9 }).meta({ description: 'Right-party conversation (seconds).' }),
    wrongPartyTime: distSpec.default({ dist: 'uniform', min: 10, max: 40 }),
    machineTime: distSpec.default({ dist: 'uniform', min: 5, max: 15 }).meta({ description: 'Agent time on a machine AMD missed.' }),
    wrapTime: distSpec.default({ dist: 'gamma', mean: 30, cv: 0.5 }),
    retries: retriesSpec,
    callingHours: callingHoursSpec,
    pacing: pacingSpec.default({ policy: 'progressive', ratio: 1, tickSeconds: 5 }),
    compliance: complianceSpec,
    blend: z
      .strictObject({ inboundReserve: int({ min: 0 }).default(0).meta({ description: 'Idle agents kept for inbound; the dialer uses only agents above it.' }) })
      .prefault({}),
  })
  .meta({ description: 'An outbound campaign.' });
export type OutboundSpec = z.output<typeof outboundSpec>;

/** The pack's defaults, then the scenario's overrides. */
export interface CompliancePack {
  pack: 'us' | 'uk';
  threshold: number;
  windowHours: number;
  rolling: boolean;
  /** 'live': abandoned / (abandoned + connected); both packs count that way, the UK adding the AMD estimate to abandoned. */
  connectSeconds: number;
  recallBlockHours: number;
  countAmdEstimate: boolean;
  minRingSeconds: number;
}

export function resolveCompliance(c: ComplianceSpecInput): CompliancePack {
  const base: CompliancePack =
    c.pack === 'uk'
      ? { pack: 'uk', threshold: 0.03, windowHours: 24, rolling: true, connectSeconds: 2, recallBlockHours: 72, countAmdEstimate: true, minRingSeconds: 15 }
      : { pack: 'us', threshold: 0.03, windowHours: 720, rolling: false, connectSeconds: 2, recallBlockHours: 0, countAmdEstimate: false, minRingSeconds: 15 };
  return {
    pack: base.pack,
    threshold: c.threshold ?? base.threshold,
    windowHours: c.windowHours ?? base.windowHours,
    rolling: c.rolling ?? base.rolling,
    connectSeconds: c.connectSeconds ?? base.connectSeconds,
    recallBlockHours: c.recallBlockHours ?? base.recallBlockHours,
    countAmdEstimate: c.countAmdEstimate ?? base.countAmdEstimate,
    minRingSeconds: c.minRingSeconds ?? base.minRingSeconds,
  };
}
