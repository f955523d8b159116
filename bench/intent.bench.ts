/**
 * Intent classification speed: utterances per second through `classifyBatch` on the wasm backend,
 * featurisation included (the target: 100,000/s here), median of several runs. The texts
 * are generated beforehand (that is the world's cost, not the model's); half pass through 15% ASR
 * noise, as the simulator would feed them. Wall time is measured here, never in tests.
 *
 * Then the whole conversation side of calls, as the simulator would run it in chunks of 4,096 calls
 * (ConversationPipeline: true intents from hidden state, utterances, 10% ASR noise, classification;
 * three turns a call at most): calls per second.
 *
 * Last, end to end: scenarios/assist-on.yaml scaled to 1M inbound calls (about 2,000 agents, 200,000
 * customers, up to 3 customer turns a call) through the center, against the same scenario with
 * assist off, measured in the same process (issue target: 20,000 calls/s with assist on).
 *
 *   npx tsx bench/intent.bench.ts            default model (cached), 200,000 utterances, 7 runs
 *   npx tsx bench/intent.bench.ts --json     machine-readable summary
 *   npx tsx bench/intent.bench.ts --calls N  the end-to-end run's size (default 1,000,000)
 */
import { Featurizer } from '../engine/intent-features.ts';
import { initBackend, tf } from '../engine/tf/backend.ts';
import { AsrNoise } from '../sim/conversation/asr-noise.ts';
import { loadOrTrainDefaultIntentModel } from '../sim/conversation/default-model.ts';
import type { IntentHiddenState } from '../sim/conversation/intent-sequence.ts';
import { ConversationPipeline, createTurnBatch } from '../sim/conversation/pipeline.ts';
import { INTENT_COUNT, LANGUAGES, type Language } from '../sim/conversation/intents.ts';
import { utteranceEntity, UtteranceGenerator } from '../sim/conversation/utterances.ts';
import { KeyedStream } from '../sim/random/stream.ts';
import { loadScenario } from '../scenarios/load.ts';
import { compileModel } from '../sim/model.ts';
import { prepareModel } from '../sim/prepare.ts';
import { runReplication } from '../sim/replication.ts';

const N = 200_000;
const RUNS = 7;
const CALLS = 200_000;
const CHUNK = 4096;

/** Calls per second through the pipeline (median of 3 passes over CALLS calls). */
function pipelineRate(model: Awaited<ReturnType<typeof loadOrTrainDefaultIntentModel>>): { callsPerSecond: number; turnsPerCall: number } {
  const p = new ConversationPipeline({ seed: 1, replication: 0, model, asrErrorRate: 0.1, maxTurns: 3 });
  const batch = createTurnBatch(CHUNK, 3);
  const hidden = (call: number, s: IntentHiddenState) => {
    s.interest = (call % 10) / 9;
    s.budgetTightness = ((call * 7) % 10) / 9;
    s.readiness = ((call * 3) % 10) / 9;
    s.irritation = 0.05;
    s.busyness = 0.1;
    s.competitorLoyalty = 0.1;
    s.wrongPerson = 0.02;
  };
  const lang = (call: number): Language => (call & 1 ? 'zh' : 'en');
  const rates: number[] = [];
  let turns = 0;
  for (let r = 0; r < 3; r++) {
    turns = 0;
    const t0 = performance.now();
    for (let first = 0; first < CALLS; first += CHUNK) {
      const count = Math.min(CHUNK, CALLS - first);
      p.run(first, count, hidden, lang, batch);
      for (let i = 0; i < count; i++) turns += batch.turns[i];
    }
    rates.push(CALLS / ((performance.now() - t0) / 1000));
    process.stderr.write(`  pipeline run ${r + 1}: ${(rates[r] / 1e3).toFixed(1)} k calls/s\n`);
  }
  return { callsPerSecond: Math.round(median(rates)), turnsPerCall: turns / CALLS };
}

/** The shipped assist scenario at a scale of `calls` calls; `assist` on or off. */
function scaledAssist(calls: number, assist: boolean) {
  return loadScenario('scenarios/assist-on.yaml', {
    set: [
      `assist.enabled=${assist}`,
      'replications=1',
      `horizon={"calls":${calls}}`,
      'inbound.arrivals={"perHour":30000}',
      'customers.count=200000',
      'agents.0.count=700',
      'agents.1.count=1100',
      'series=null',
    ],
  }).scenario;
}

/** Calls per second through the center, assist on and off (median of `runs` replications each, interleaved). */
async function endToEnd(calls: number, runs: number) {
  const on = await prepareModel(compileModel(scaledAssist(calls, true)), { quiet: true });
  const off = compileModel(scaledAssist(calls, false));
  runReplication(on, 99); // warm up the JIT on both paths
  const rates = { on: [] as number[], off: [] as number[] };
  let tensors = { before: 0, after: 0 };
  tensors.before = tf.memory().numTensors;
  for (let r = 0; r < runs; r++) {
    for (const [name, model] of [['on', on], ['off', off]] as const) {
      const t0 = performance.now();
      const res = runReplication(model, r);
      const rate = res.calls / ((performance.now() - t0) / 1000);
      rates[name].push(rate);
      process.stderr.write(`  end to end, assist ${name}, run ${r + 1}: ${(rate / 1e3).toFixed(1)} k calls/s (${res.calls.toLocaleString('en-US')} calls)\n`);
    }
  }
  tensors.after = tf.memory().numTensors;
  const ratios = rates.on.map((x, i) => x / rates.off[i]);
  return { calls, runs, assistOnCallsPerSecond: Math.round(median(rates.on)), assistOffCallsPerSecond: Math.round(median(rates.off)), onOffRatio: +median(ratios).toFixed(3), tensors, target: 20_000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const backend = await initBackend({ prefer: 'wasm' });
  const model = await loadOrTrainDefaultIntentModel(1);

  const gen = new UtteranceGenerator('all');
  const words = new KeyedStream(7, 0, 'utterance');
  const asr = new KeyedStream(7, 0, 'asr');
  const noise = new AsrNoise({ errorRate: 0.15 });
  const texts: string[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const e = utteranceEntity(i >> 2, i & 3);
    const lang = LANGUAGES[i & 1];
    const t = gen.generate(words, e, (i >> 1) % INTENT_COUNT, lang);
    texts[i] = i % 4 < 2 ? t : noise.apply(t, lang, asr, e);
  }

  const featurizer = new Featurizer(model.info.featurizer);
  const out = { intent: new Int32Array(N), confidence: new Float32Array(N) };
  model.classifyBatch(texts.slice(0, 20_000), out); // warm the JIT and the backend
  const tensorsBefore = tf.memory().numTensors;
  const rates: number[] = [];
  const featRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    model.classifyBatch(texts, out);
    rates.push(N / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    for (let s = 0; s < N; s += 8192) featurizer.sparse(texts.slice(s, s + 8192));
    featRates.push(N / ((performance.now() - t0) / 1000));
    process.stderr.write(`  run ${r + 1}: ${(rates[r] / 1e3).toFixed(1)} k utterances/s (featurisation alone ${(featRates[r] / 1e3).toFixed(0)} k/s)\n`);
  }
  const pipeline = pipelineRate(model);
  const callsArg = argv.indexOf('--calls');
  const e2e = await endToEnd(callsArg >= 0 ? Number(argv[callsArg + 1]) : 1_000_000, 3);
  const summary = {
    backend,
    utterances: N,
    runs: RUNS,
    utterancesPerSecond: Math.round(median(rates)),
    featurisationPerSecond: Math.round(median(featRates)),
    min: Math.round(Math.min(...rates)),
    max: Math.round(Math.max(...rates)),
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    target: 100_000,
    pipeline: { calls: CALLS, chunk: CHUNK, asrErrorRate: 0.1, ...pipeline },
    endToEnd: e2e,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `intent classification on ${backend}: ${(summary.utterancesPerSecond / 1e3).toFixed(1)} k utterances/s (median of ${RUNS}; range ${(summary.min / 1e3).toFixed(1)}-${(summary.max / 1e3).toFixed(1)} k), ` +
      `featurisation alone ${(summary.featurisationPerSecond / 1e3).toFixed(0)} k/s; target ${summary.target / 1e3} k/s: ${summary.utterancesPerSecond >= summary.target ? 'met' : 'NOT met'}\n` +
      `tensors: ${summary.tensorsBefore} before, ${summary.tensorsAfter} after\n` +
      `conversation pipeline (true intents, utterances, 10% ASR, classification; chunks of ${CHUNK}): ${(pipeline.callsPerSecond / 1e3).toFixed(1)} k calls/s at ${pipeline.turnsPerCall.toFixed(2)} turns a call\n` +
      `end to end (assist-on.yaml scaled to ${e2e.calls.toLocaleString('en-US')} calls): assist on ${(e2e.assistOnCallsPerSecond / 1e3).toFixed(1)} k calls/s, off ${(e2e.assistOffCallsPerSecond / 1e3).toFixed(1)} k calls/s ` +
      `(on/off ${e2e.onOffRatio}, median of ${e2e.runs}); target ${e2e.target / 1e3} k/s: ${e2e.assistOnCallsPerSecond >= e2e.target ? 'met' : 'NOT met'}; tensors ${e2e.tensors.before} -> ${e2e.tensors.after}\n`,
  );
}

await main(process.argv.slice(2));
