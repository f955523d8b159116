/**
 * Human-AI collaboration speed (not part of npm test): scenarios/bot-first.yaml (the bot answers
 * every inbound caller first; script assist off) scaled to about 1,000,000 inbound calls in its
 * 10-hour day, with the outbound campaign, the value model's priorities, sentiment, alerts and
 * supervisors as shipped; human-only.yaml scaled the same way beside it, measured in the same
 * process so the ratio is meaningful on a noisy machine. Calls per second are simulated inbound
 * calls plus dial attempts over the replication's wall time (the model is compiled and prepared
 * beforehand: that is once per run, not per call). Median of 3 interleaved rounds. The issue's
 * target: 300,000 calls/s for bot-first.
 *
 *   npx tsx bench/collab.bench.ts            summary on stdout
 *   npx tsx bench/collab.bench.ts --json     machine-readable
 *   npx tsx bench/collab.bench.ts --scale K  arrivals and staff × K (default 360: about 1M calls)
 */
import { loadScenario } from '../scenarios/load.ts';
import { compileModel, type Model } from '../sim/model.ts';
import { prepareModel } from '../sim/prepare.ts';
import { runReplication } from '../sim/replication.ts';

function scaled(file: string, k: number) {
  const base = loadScenario(file).scenario;
  const profile = (base.inbound!.arrivals as { profile: { from: string; perHour: number }[] }).profile.map((p) => ({ from: p.from, perHour: p.perHour * k }));
  const set = [
    'replications=1',
    `inbound.arrivals=${JSON.stringify({ profile })}`,
    ...base.agents.map((g, i) => `agents.${i}.count=${g.count * k}`),
    `supervision.supervisors=${(base.supervision?.supervisors ?? 0) * k}`,
    `customers.count=${Math.max(base.customers!.count, 1000 * k)}`,
    ...(base.bot ? [`bot.capacity=${base.bot.capacity * k}`] : []),
  ];
  return loadScenario(file, { set }).scenario;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const k = argv.includes('--scale') ? Number(argv[argv.indexOf('--scale') + 1]) : 360;
  const t0 = performance.now();
  const models: [string, Model][] = [];
  for (const name of ['bot-first', 'human-only']) models.push([name, await prepareModel(compileModel(scaled(`scenarios/${name}.yaml`, k)), { quiet: true })]);
  const prepareSeconds = (performance.now() - t0) / 1000;
  runReplication(models[0][1], 99); // warm the JIT
  const rates: Record<string, number[]> = { 'bot-first': [], 'human-only': [] };
  let calls = 0;
  let botSessions = 0;
  for (let round = 0; round < 3; round++) {
    for (const [name, model] of models) {
      const start = performance.now();
      const r = runReplication(model, round);
      const seconds = (performance.now() - start) / 1000;
      rates[name].push(r.calls / seconds);
      if (name === 'bot-first') {
        calls = r.calls;
        botSessions = r.collab!.botSessions;
      }
      process.stderr.write(`  ${name} round ${round + 1}: ${r.calls.toLocaleString('en-US')} calls in ${seconds.toFixed(2)} s = ${(r.calls / seconds / 1e3).toFixed(0)} k calls/s\n`);
    }
  }
  const ratios = rates['bot-first'].map((x, i) => x / rates['human-only'][i]);
  const summary = {
    scale: k,
    calls,
    botSessions,
    prepareSeconds: +prepareSeconds.toFixed(2),
    botFirstCallsPerSecond: Math.round(median(rates['bot-first'])),
    humanOnlyCallsPerSecond: Math.round(median(rates['human-only'])),
    botOverHuman: +median(ratios).toFixed(3),
    target: 300_000,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `bot-first at ${calls.toLocaleString('en-US')} calls (${botSessions.toLocaleString('en-US')} bot sessions): ${(summary.botFirstCallsPerSecond / 1e3).toFixed(0)} k calls/s ` +
      `(human-only ${(summary.humanOnlyCallsPerSecond / 1e3).toFixed(0)} k calls/s, ratio ${summary.botOverHuman}; median of 3); target ${summary.target / 1e3} k/s: ${summary.botFirstCallsPerSecond >= summary.target ? 'met' : 'NOT met'}\n`,
  );
}

await main(process.argv.slice(2));
