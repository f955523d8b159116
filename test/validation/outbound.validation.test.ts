/**
 * Validation of the outbound campaign against what can be computed by hand.
 *
 * 1. connectRate converges to a known answer probability p. With every answer factor at 1 (hour,
 *    weekday, mobile), no spread between leads, no busy lines, invalid numbers or machines, and a
 *    deterministic ring inside the timeout, each attempt is answered with probability p on its own
 *    keyed draw, whatever the pacing does. So live answers / dials estimates p (each lead is dialed
 *    until answered or twice: E[answers] / E[dials] = (1 - (1-p)^2) / (1 + (1-p)) = p). Over R
 *    independent replications the mean connectRate's Student t interval must contain p; three values
 *    of p are checked with Bonferroni intervals at family level 99% (each two-sided at 1 - 0.01/3, the
 *    family level of the rest of the validation suite), so a correct simulator fails this test with
 *    probability at most 1% over the choice of seed (the seed is fixed at 1: the outcome is
 *    deterministic, and the statement is about that seed's draw).
 *    The interval's half-width must also be small: below 1.5 times what binomial noise alone gives
 *    (t · sqrt(p(1-p) / E[dials]) / sqrt(R), E[dials] = 4000 (2 - p)), i.e. no extra variance between
 *    replications. A correct simulator exceeds that with probability about 0.15% per value of p (the
 *    sample variance on 19 degrees of freedom above 2.25 times its expectation). Measured with seed 1:
 *    half-widths 0.0031 (p = 0.15), 0.0043 (p = 0.35) and 0.0040 (p = 0.7), so connectRate is pinned
 *    to within half a percentage point.
 *
 *    Note on the level. At family level 95% (each interval at 98.33%) seed 1 fails for p = 0.15:
 *    connectRate 0.15269 ± 0.00240 (t = 2.9 on 19 degrees of freedom). The excess is in the random
 *    numbers themselves, not in the simulator: the keyed answer draws of the attempts seed 1 makes fall
 *    below 0.15 in 0.15258 of 160,000 cases (2.9 standard errors high), while 60 other streams of
 *    400,000 such draws show no bias (z-scores with mean 0.12, variance 1.04). The simulator's
 *    connect rate follows its draws exactly; at 95% this seed is one of the 5% of false alarms.
 * 2. One agent, deterministic times: the timeline of every attempt written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import { Center } from '../../sim/center.ts';
import { compileModel } from '../../sim/model.ts';
import { RES_CONNECTED, RES_NO_ANSWER } from '../../sim/outbound/dialer.ts';
import { runReplication } from '../../sim/replication.ts';
import { studentTQuantile } from '../../sim/stats/special.ts';
import { mean, sampleVariance } from '../../sim/stats/summary.ts';

const ALL_HOURS_ONE = Object.fromEntries(Array.from({ length: 24 }, (_, h) => [String(h).padStart(2, '0'), 1]));

/** A list that answers with probability exactly `answer` at every attempt, dialed 1:1. */
function plainCampaign(o: {
  answer: number;
  leads: number;
  agents: number;
  start: string;
  hours: number;
  maxAttempts: number;
  noAnswerMinutes: number;
  replications?: number;
  talk?: number;
  wrap?: number;
}) {
  return parseScenario(
    {
      name: `plain-${o.answer}`,
      seed: 1,
      replications: o.replications ?? 1,
      calendar: { start: o.start, timeZone: 'Europe/London' },
      horizon: { hours: o.hours },
      series: { enabled: false },
      outbound: {
        leads: { count: o.leads, doNotCallShare: 0 },
        behaviour: {
          answer: o.answer,
          answerSpread: 0,
          hourFactors: ALL_HOURS_ONE,
          weekdayFactors: { mon: 1, tue: 1, wed: 1, thu: 1, fri: 1, sat: 1, sun: 1 },
          mobileFactor: 1,
          busy: 0,
          invalid: 0,
          machine: 0,
          rightParty: 1,
        },
        ringTime: { dist: 'deterministic', value: 10 },
        noAnswerTimeout: 24,
        greeting: { dist: 'deterministic', value: 1 },
        amd: { enabled: false },
        talkTime: { dist: 'deterministic', value: o.talk ?? 60 },
        wrapTime: { dist: 'deterministic', value: o.wrap ?? 10 },
        retries: { maxAttempts: o.maxAttempts, delayMinutes: { noAnswer: o.noAnswerMinutes } },
        callingHours: { from: '09:00', to: '21:00' },
        pacing: { policy: 'progressive', ratio: 1 },
        compliance: { pack: 'us' },
      },
      agents: [{ group: 'all', count: o.agents }],
    },
    'outbound-validation',
  );
}

describe('connectRate converges to the answer probability (1:1 progressive)', () => {
  const PS = [0.15, 0.35, 0.7];
  const R = 20;
  const FAMILY_ALPHA = 0.01;

  for (const p of PS) {
    it(`p = ${p}: p inside the Bonferroni ${(100 * (1 - FAMILY_ALPHA / PS.length)).toFixed(2)}% interval, half-width within 1.5x binomial noise`, () => {
      const model = compileModel(plainCampaign({ answer: p, leads: 4000, agents: 20, start: '2026-03-02T09:00', hours: 24, maxAttempts: 2, noAnswerMinutes: 30, replications: R }));
      const values: number[] = [];
      for (let r = 0; r < R; r++) {
        const rep = runReplication(model, r);
        const o = rep.outbound!;
        // The whole list was worked inside the window (nothing cut off by the horizon).
        expect(o.leadsAttempted).toBe(4000);
        expect(o.dials).toBeGreaterThanOrEqual(4000);
        expect(o.busy + o.invalid).toBe(0);
        values.push(rep.kpis.connectRate!);
      }
      const m = mean(values);
      const t = studentTQuantile(1 - FAMILY_ALPHA / (2 * PS.length), R - 1);
      const hw = (t * Math.sqrt(sampleVariance(values))) / Math.sqrt(R);
      const binomialHw = (t * Math.sqrt((p * (1 - p)) / (4000 * (2 - p)))) / Math.sqrt(R);
      expect(hw, `half-width ${hw} against ${binomialHw} from binomial noise`).toBeLessThan(1.5 * binomialHw);
      expect(hw).toBeLessThan(0.0065);
      expect(Math.abs(m - p), `connectRate ${m.toFixed(5)} ± ${hw.toFixed(5)} vs p = ${p}`).toBeLessThanOrEqual(hw);
    });
  }
});

interface Row {
  lead: number;
  attempt: number;
  dial: number;
  answered: number;
  connect: number;
  end: number;
  result: number;
}

function timeline(scenario: ReturnType<typeof plainCampaign>): { rows: Row[]; center: Center } {
  const center = new Center(compileModel(scenario), 0);
  const rows: Row[] = [];
  center.dialer!.observer = {
    onAttemptEnd(d, slot) {
      rows.push({
        lead: d.lead[slot],
        attempt: d.attemptNo[slot],
        dial: center.calls.arrival[slot],
        answered: d.answeredAt[slot],
        connect: d.connectedAt[slot],
        end: center.ev.now,
        result: d.result[slot],
      });
    },
  };
  center.run();
  return { rows, center };
}

describe('one agent, deterministic times: the hand-computed timeline', () => {
  it('answer probability 1: ring 10 s, greeting 1 s, talk 60 s, wrap 10 s, one line per free agent', () => {
    // Monday 09:00, calling hours 09:00-21:00, one agent, three leads dialed in list order.
    //   t = 0    the first pacing tick: the agent is free, one line: lead 0 dialed.
    //   t = 11   it rings 10 s, the greeting ends 1 s later: connected at once (the agent is idle).
    //   t = 81   talk 60 + wrap 10: the attempt ends, the agent is free, lead 1 is dialed at once.
    //   ...      and so on: each attempt takes 81 s, back to back.
    const { rows, center } = timeline(plainCampaign({ answer: 1, leads: 3, agents: 1, start: '2026-03-02T09:00', hours: 2, maxAttempts: 1, noAnswerMinutes: 60 }));
    const C = RES_CONNECTED;
    expect(rows).toEqual([
      { lead: 0, attempt: 0, dial: 0, answered: 11, connect: 11, end: 81, result: C },
      { lead: 1, attempt: 0, dial: 81, answered: 92, connect: 92, end: 162, result: C },
      { lead: 2, attempt: 0, dial: 162, answered: 173, connect: 173, end: 243, result: C },
    ]);
    expect(center.dialer!.dialsTotal).toBe(3);
  });

  it('the same campaign\'s KPIs: three connects, 180 s of talk and 210 s busy in a 2-hour day', () => {
    const rep = runReplication(compileModel(plainCampaign({ answer: 1, leads: 3, agents: 1, start: '2026-03-02T09:00', hours: 2, maxAttempts: 1, noAnswerMinutes: 60 })), 0);
    expect(rep.kpis.dials).toBe(3);
    expect(rep.kpis.liveConnects).toBe(3);
    expect(rep.kpis.connectRate).toBe(1);
    expect(rep.kpis.abandonedLive).toBe(0);
    expect(rep.kpis.listPenetration).toBe(1);
    expect(rep.kpis.attemptsPerLead).toBe(1);
    expect(rep.kpis.talkTimeShare).toBeCloseTo(180 / 7200, 12);
    expect(rep.kpis.occupancy).toBeCloseTo(210 / 7200, 12);
  });

  it('answer probability 0: no answer at the 24 s timeout, retries after 45 minutes, three attempts each, inside 09:00-21:00', () => {
    // Monday 19:30; the agent stays free, so one line at a time.
    //   t = 0, 24, 48        leads 0, 1, 2: no answer after 24 s each; retry due 45 min (2700 s) after each end.
    //   t = 2725             lead 0 was due at 2724; the next pacing tick (every 5 s) dials it.
    //   t = 2749, 2773       leads 1 and 2 are due (2748, 2772) when the line frees: dialed at once.
    //   third attempts due at 5449, 5473, 5497 s = 21:00:49 and later: outside the window, so Tuesday
    //   09:00 (t = 48600), when the tick dials lead 0, then 1 and 2 back to back. Then every lead has
    //   had its three attempts.
    const { rows, center } = timeline(plainCampaign({ answer: 0, leads: 3, agents: 1, start: '2026-03-02T19:30', hours: 16, maxAttempts: 3, noAnswerMinutes: 45 }));
    const N = RES_NO_ANSWER;
    const nan = Number.NaN;
    const row = (lead: number, attempt: number, dial: number): Row => ({ lead, attempt, dial, answered: nan, connect: nan, end: dial + 24, result: N });
    expect(rows).toEqual([
      row(0, 0, 0),
      row(1, 0, 24),
      row(2, 0, 48),
      row(0, 1, 2725),
      row(1, 1, 2749),
      row(2, 1, 2773),
      row(0, 2, 48600),
      row(1, 2, 48624),
      row(2, 2, 48648),
    ]);
    const d = center.dialer!;
    expect(d.dialsTotal).toBe(9);
    expect(Array.from(d.leads.attempts)).toEqual([3, 3, 3]);
  });
});
