// A bot pilot in a split center (scenario pilot.treatment.bot): only the treatment arm's callers
// meet the bot first and only its low-value leads are the bot's. A share of 0 is the center without
// the bot, a share of 1 the center with it, exactly.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenarios/load.ts';
import { compileModel } from '../../../sim/model.ts';
import { prepareModel } from '../../../sim/prepare.ts';
import { runReplication } from '../../../sim/replication.ts';

const SMALL = ['replications=1', 'horizon={"hours":4}', 'outbound.leads.count=1500', 'customers.count=8000', 'priority.valueModel.trainSize=2000', 'priority.valueModel.epochs=3'];
const pilot = (share: number) => `pilot={"unit":"calls","share":${share},"treatment":{"bot":true}}`;

async function kpis(file: string, set: string[]) {
  const model = await prepareModel(compileModel(loadScenario(file, { set: [...SMALL, ...set] }).scenario), { quiet: true });
  return runReplication(model, 0).kpis;
}

describe('bot pilot', () => {
  for (const file of ['scenarios/bot-first.yaml', 'scenarios/bot-for-low-value.yaml']) {
    it(`${file}: share 1 is the bot for everyone, share 0 the same center without the bot`, async () => {
      const withBot = await kpis(file, []);
      const without = await kpis(file, ['bot.inbound=none', 'bot.outboundLines=0', 'priority.bot=null']);
      expect(await kpis(file, [pilot(1)])).toEqual(withBot);
      expect(await kpis(file, [pilot(0)])).toEqual({ ...without, botConversions: withBot.botConversions === null ? null : 0 });
      // And a half split lies in between: some callers meet the bot, fewer than with the bot for all.
      const half = await kpis(file, [pilot(0.5)]);
      expect(half.callsReceived).toBe(withBot.callsReceived);
      expect(half.offered as number).toBeGreaterThan(withBot.offered as number);
      expect(half.offered as number).toBeLessThan(without.offered as number);
    }, 120_000);
  }

  it('refuses a bot treatment without a bot block, or split by agents', () => {
    expect(() => loadScenario('scenarios/human-only.yaml', { set: [pilot(0.5)] })).toThrow(/pilot\.treatment\.bot: expected a bot block/);
    expect(() => loadScenario('scenarios/bot-first.yaml', { set: ['pilot={"unit":"agents","share":0.5,"treatment":{"bot":true}}'] })).toThrow(/pilot\.unit: expected unit calls/);
  });
});
