// The bot's own follow-up of low-value leads: only the leads prioritisation marks for the bot, on
// the bot's lines, handing qualified ones back to the human campaign; the books add up.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenarios/load.ts';
import type { Center } from '../../../sim/center.ts';
import { compileModel } from '../../../sim/model.ts';
import type { Dialer } from '../../../sim/outbound/dialer.ts';
import { prepareModel } from '../../../sim/prepare.ts';
import { runReplication } from '../../../sim/replication.ts';

function scenario(seed: number, lines: number) {
  return parseScenario(
    {
      name: 'bot-campaign',
      seed,
      calendar: { start: '2026-03-03T09:00', timeZone: 'Europe/London' },
      horizon: { hours: 30 },
      outbound: {
        leads: { count: 1500 },
        behaviour: { answer: 0.4 },
        amd: { enabled: false },
        retries: { maxAttempts: 3, delayMinutes: { noAnswer: 60, busy: 10, machine: 120, wrongParty: 240 } },
        callingHours: { from: '09:00', to: '19:00' },
        pacing: { policy: 'progressive', ratio: 1 },
        compliance: { pack: 'uk' },
      },
      customers: { count: 3000 },
      priority: { bot: { quantile: 0.5 }, valueModel: { trainSize: 2000, epochs: 3 } },
      bot: { inbound: 'none', capacity: 6, outboundLines: lines },
      agents: [{ group: 'sales', count: 4, channels: ['outbound'] }],
    },
    'bot-campaign',
  );
}

describe('bot follow-up of low-value leads', () => {
  it('dials only bot leads on its own lines; humans dial a bot lead only after the bot handed it back; the books add up', async () => {
    const model = await prepareModel(compileModel(scenario(4, 3)), { quiet: true });
    const humanDialed = new Map<number, number>();
    let center: Center | null = null;
    const r = runReplication(model, 0, {
      center: { onEvent: (_k, _n, c) => { center = c; } },
      dialer: { onAttemptEnd: (d: Dialer, slot: number) => { humanDialed.set(d.lead[slot], (humanDialed.get(d.lead[slot]) ?? 0) + 1); } },
    });
    const c = center! as Center;
    const dialer = c.dialer!;
    const toBot = dialer.toBot!;
    const handedBack = new Set<number>();
    for (let i = 0; i < toBot.length; i++) if (dialer.scheduler.priority[i] === -Infinity) handedBack.add(i);
    const botLeads = toBot.reduce((s, x) => s + x, 0);
    expect(botLeads).toBe(750);
    for (const lead of humanDialed.keys()) {
      if (toBot[lead] === 1) expect(handedBack.has(lead), `bot lead ${lead} dialed by a human without a handoff`).toBe(true);
    }
    const t = r.collab!;
    expect(handedBack.size).toBe(t.botLeadHandoffs);
    expect(t.botLeadHandoffs).toBeGreaterThan(0);
    expect(t.botDials).toBeGreaterThan(t.botConversations);
    expect(t.botConversations).toBe(t.contained + t.botOutboundHangups + t.botLeadHandoffs);
    expect(t.botConversions).toBeGreaterThan(0);
    // Bot sales count in conversions; conversion rate stays the humans'.
    expect(r.kpis.conversions).toBe(r.sales!.conversions + t.botConversions);
    expect(r.kpis.conversionRate).toBeCloseTo(r.sales!.conversions / r.sales!.connected, 12);
    // The bot never holds more lines than it has.
    expect(t.botSeconds).toBeGreaterThan(0);
  }, 60_000);

  it('without bot lines the low-value leads are nobody\'s: no bot dials, and humans never dial them', async () => {
    const s = scenario(4, 1);
    const model = await prepareModel(compileModel(parseScenario({ ...JSON.parse(JSON.stringify(s)), bot: { inbound: 'none', capacity: 6, outboundLines: 0 } }, 'x')), { quiet: true });
    const humanDialed = new Set<number>();
    let toBot: Uint8Array | null = null;
    const r = runReplication(model, 0, {
      center: { onEvent: (_k, _n, c) => { toBot = c.dialer!.toBot; } },
      dialer: { onAttemptEnd: (d: Dialer, slot: number) => { humanDialed.add(d.lead[slot]); } },
    });
    expect(r.collab!.botDials).toBe(0);
    for (const lead of humanDialed) expect(toBot![lead]).toBe(0);
  }, 60_000);
});
