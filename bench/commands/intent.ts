/**
 * `ccsim intent train` and `ccsim intent eval`: train the intent model (on the synthetic corpus's
 * training templates, or on a labelled CSV of the user's own) and measure it on held-out
 * utterances, from templates training never saw, at several ASR error rates.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntentModel, LabelledTexts } from '../../engine/intent.ts';
import type { IntentMetrics } from '../../engine/intent-metrics.ts';
import type { LabelledCorpus } from '../../sim/conversation/default-model.ts';
import { formatTable } from '../format.ts';
import { parseInteger, UsageError } from './options.ts';

/** tfjs and the model code load only when an intent command runs (they add ~0.5 s to every ccsim start). */
async function modules() {
  const [intent, metrics, training, backend, defaults, noise, intents, utterances] = await Promise.all([
    import('../../engine/intent.ts'),
    import('../../engine/intent-metrics.ts'),
    import('../../engine/intent-training.ts'),
    import('../../engine/tf/backend.ts'),
    import('../../sim/conversation/default-model.ts'),
    import('../../sim/conversation/asr-noise.ts'),
    import('../../sim/conversation/intents.ts'),
    import('../../sim/conversation/utterances.ts'),
  ]);
  return { ...intent, ...metrics, ...training, ...backend, ...defaults, ...noise, ...intents, ...utterances };
}

interface TrainOptions {
  data?: string;
  out?: string;
  seed: number;
  epochs?: number;
  perTemplate?: number;
}

interface EvalOptions {
  model?: string;
  data?: string;
  errorRates: number[];
  seed: number;
  perTemplate: number;
  json?: boolean;
}

/** The `--json` document of `ccsim intent eval`. */
export interface IntentEvalDocument {
  schemaVersion: 1;
  backend: string;
  model: { dir: string | null; intents: string[]; featurizer: { buckets: number; version: number }; training: IntentModel['info']['training'] };
  data: { source: string; utterances: number; heldOutTemplates: number | null; seed: number };
  /** At error rate 0. */
  accuracy: number;
  perLanguage: IntentMetrics['perLanguage'];
  curve: { errorRate: number; accuracy: number; perLanguage: IntentMetrics['perLanguage'] }[];
  perIntent: IntentMetrics['perIntent'];
  confusion: IntentMetrics['confusion'];
}

/** "0,0.1,0.2" to numbers in [0, 1). */
export function parseErrorRates(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const rates = parts.map(Number);
  if (parts.some((p) => p === '') || rates.some((r) => !(r >= 0 && r < 1))) throw new UsageError(`--error-rates: expected numbers in [0, 1) separated by commas, found "${text}"`);
  return rates;
}

/**
 * A labelled CSV: `text,intent` per line (an optional header line `text,intent`), RFC 4180 quoting
 * ("..." with "" for a quote; commas and newlines allowed inside quotes). Mistakes name file:line.
 */
export function readLabelledCsv(file: string): LabelledTexts {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  const texts: string[] = [];
  const labels: string[] = [];
  let line = 1;
  let i = 0;
  while (i < raw.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (raw[i] === '"') {
        i++;
        for (;;) {
          if (i >= raw.length) throw new UsageError(`${file}:${start}: unterminated quoted field`);
          if (raw[i] === '"') {
            if (raw[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (raw[i] === '\n') line++;
          field += raw[i++];
        }
        if (i < raw.length && raw[i] !== ',' && raw[i] !== '\n' && raw[i] !== '\r') throw new UsageError(`${file}:${line}: unexpected text after a closing quote`);
      } else {
        while (i < raw.length && raw[i] !== ',' && raw[i] !== '\n' && raw[i] !== '\r') field += raw[i++];
      }
      fields.push(field);
      field = '';
      if (raw[i] === ',') {
        i++;
        continue;
      }
      if (raw[i] === '\r') i++;
      if (raw[i] === '\n') i++;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
    if (texts.length === 0 && labels.length === 0 && fields.length === 2 && fields[0].trim().toLowerCase() === 'text' && fields[1].trim().toLowerCase() === 'intent') continue;
    if (fields.length !== 2) throw new UsageError(`${file}:${start}: expected 2 fields (text,intent), found ${fields.length}`);
    const text = fields[0].trim();
    const intent = fields[1].trim();
    if (text === '') throw new UsageError(`${file}:${start}: empty text`);
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(intent)) throw new UsageError(`${file}:${start}: intent must be a name (letters, digits, _ . -), found "${intent}"`);
    texts.push(text);
    labels.push(intent);
  }
  if (texts.length === 0) throw new UsageError(`${file}: no labelled rows`);
  const distinct = new Set(labels).size;
  if (distinct < 2) throw new UsageError(`${file}: needs at least two intents, found ${distinct}`);
  return { texts, labels };
}

async function train(opts: TrainOptions): Promise<void> {
  // Read the user's data first: a mistake in it is reported before anything else is printed.
  const data = opts.data ? readLabelledCsv(opts.data) : null;
  const { initBackend, trainIntentModel, DEFAULT_MODEL_CONFIG, trainingCorpus, INTENTS, loadOrTrainDefaultIntentModel } = await modules();
  const backend = await initBackend();
  const onEpoch = (e: number, loss: number) => process.stderr.write(`  epoch ${e + 1}: loss ${loss.toFixed(4)}\n`);
  const t0 = performance.now();
  let model: IntentModel;
  let what: string;
  if (opts.data && data) {
    model = await trainIntentModel(data, { ...DEFAULT_MODEL_CONFIG.training, seed: opts.seed, epochs: opts.epochs ?? DEFAULT_MODEL_CONFIG.training.epochs, source: `csv:${opts.data}`, onEpoch });
    what = `${data.texts.length.toLocaleString('en-US')} rows of ${opts.data}`;
  } else if (opts.out || opts.epochs !== undefined || opts.perTemplate !== undefined) {
    const config = { ...DEFAULT_MODEL_CONFIG, perTemplate: opts.perTemplate ?? DEFAULT_MODEL_CONFIG.perTemplate, training: { ...DEFAULT_MODEL_CONFIG.training, epochs: opts.epochs ?? DEFAULT_MODEL_CONFIG.training.epochs } };
    const corpus = trainingCorpus(opts.seed, config);
    model = await trainIntentModel(corpus, { ...config.training, seed: opts.seed, intents: INTENTS, source: `synthetic:train-templates:seed=${opts.seed}`, onEpoch });
    what = `${corpus.texts.length.toLocaleString('en-US')} synthetic utterances (training templates)`;
  } else {
    model = await loadOrTrainDefaultIntentModel(opts.seed, { onEpoch });
    what = `the default synthetic corpus (seed ${opts.seed}), cached`;
  }
  const out = opts.out ?? (opts.data ? 'intent-model' : null);
  if (out) await model.save(out);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `trained on ${what}: ${model.intents.length} intents, ${model.featurizer.buckets} buckets, backend ${backend}, ${seconds.toFixed(1)} s\n` +
      (out ? `saved to ${out}\n` : `cached (the default model; \`ccsim intent eval\` uses it)\n`),
  );
}

async function evaluate(opts: EvalOptions): Promise<void> {
  const d = opts.data ? readLabelledCsv(opts.data) : null;
  if (opts.model && !(existsSync(join(opts.model, 'model.json')) && existsSync(join(opts.model, 'weights.bin')))) {
    throw new UsageError(`--model ${opts.model}: no saved model (model.json + weights.bin)`);
  }
  const { initBackend, loadOrTrainDefaultIntentModel, detectLanguage, heldOutCorpus, allTemplates, evaluateIntentModel, withAsrNoise } = await modules();
  const backend = await initBackend();
  const model = opts.model ? await loadOrFail(opts.model) : await loadOrTrainDefaultIntentModel(opts.seed);
  let corpus: LabelledCorpus;
  let source: string;
  let heldOutTemplates: number | null = null;
  if (opts.data && d) {
    corpus = { texts: [...d.texts], labels: [...d.labels], langs: d.texts.map(detectLanguage) };
    source = opts.data;
  } else {
    corpus = heldOutCorpus(opts.seed, opts.perTemplate);
    source = 'synthetic held-out templates';
    heldOutTemplates = allTemplates().filter((t) => t.heldOut).length;
  }
  const rates = opts.errorRates.includes(0) ? opts.errorRates : [0, ...opts.errorRates];
  const results = new Map<number, IntentMetrics>();
  for (const rate of rates) results.set(rate, evaluateIntentModel(model, withAsrNoise(corpus, rate, opts.seed)));
  const clean = results.get(0)!;
  const doc: IntentEvalDocument = {
    schemaVersion: 1,
    backend,
    model: { dir: opts.model ?? null, intents: [...model.intents], featurizer: { ...model.info.featurizer }, training: model.info.training },
    data: { source, utterances: corpus.texts.length, heldOutTemplates, seed: opts.seed },
    accuracy: clean.accuracy,
    perLanguage: clean.perLanguage,
    curve: opts.errorRates.map((r) => ({ errorRate: r, accuracy: results.get(r)!.accuracy, perLanguage: results.get(r)!.perLanguage })),
    perIntent: clean.perIntent,
    confusion: clean.confusion,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${renderEval(doc)}\n`);
}

async function loadOrFail(dir: string): Promise<IntentModel> {
  const { IntentModel } = await modules();
  try {
    return await IntentModel.load(dir);
  } catch (err) {
    throw new UsageError(`--model ${dir}: ${(err as Error).message.replace(`${dir}: `, '')}`);
  }
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function renderEval(doc: IntentEvalDocument): string {
  const t = doc.model.training;
  const langs = Object.keys(doc.perLanguage);
  const head =
    `intent model: ${doc.model.dir ?? 'default (cached)'}; ${doc.model.intents.length} intents, ${doc.model.featurizer.buckets} buckets, hidden ${t.hidden}; ` +
    `trained on ${t.examples.toLocaleString('en-US')} texts, seed ${t.seed}, backend ${t.backend ?? '?'} (now ${doc.backend})\n` +
    `evaluated on ${doc.data.utterances.toLocaleString('en-US')} utterances: ${doc.data.source}` +
    (doc.data.heldOutTemplates !== null ? ` (${doc.data.heldOutTemplates} templates never seen in training)` : '');
  const curve = formatTable(
    ['ASR error rate', 'accuracy', ...langs],
    doc.curve.map((c) => [pct(c.errorRate), pct(c.accuracy), ...langs.map((l) => pct(c.perLanguage[l]?.accuracy ?? null))]),
    [false, true, ...langs.map(() => true)],
  );
  const perIntent = formatTable(
    ['intent (error rate 0)', 'precision', 'recall', 'support'],
    doc.perIntent.map((c) => [c.intent, pct(c.precision), pct(c.recall), String(c.support)]),
    [false, true, true, true],
  );
  const labels = doc.confusion.labels;
  const short = labels.map((_, i) => String(i + 1));
  const confusion = formatTable(
    ['true \\ predicted', ...short],
    doc.confusion.matrix.map((row, i) => [`${i + 1} ${labels[i]}`, ...row.map(String)]),
    [false, ...short.map(() => true)],
  );
  return `${head}\n\n${curve}\n\n${perIntent}\n\nconfusion matrix at error rate 0 (rows: true intent, columns: predicted, numbered as the rows)\n${confusion}`;
}

export function registerIntent(program: Command): void {
  const intent = program.command('intent').description('train and evaluate the intent model (tfjs) behind script assist');
  intent
    .command('train')
    .description('train the intent model on the synthetic corpus (training templates) or a labelled CSV (text,intent)')
    .option('--data <file.csv>', 'your own labelled data: text,intent per line')
    .option('--out <dir>', 'save the model here (model.json + weights.bin); default: the cache (synthetic) or ./intent-model (CSV)')
    .option('--seed <n>', 'seed for the corpus, initial weights and shuffling', parseInteger('--seed', 0), 1)
    .option('--epochs <n>', 'training epochs', parseInteger('--epochs', 1))
    .option('--per-template <n>', 'synthetic utterances per training template', parseInteger('--per-template', 1))
    .action((opts: TrainOptions) => train(opts));
  intent
    .command('eval')
    .description('accuracy, per-intent precision/recall and confusion on held-out templates, at several ASR error rates')
    .option('--model <dir>', 'a saved model (default: the default model for --seed, trained and cached if needed)')
    .option('--data <file.csv>', 'evaluate on your own labelled CSV instead of the synthetic held-out templates')
    .option('--error-rates <list>', 'ASR token error rates, comma-separated', parseErrorRates, [0, 0.1, 0.2, 0.3])
    .option('--seed <n>', 'seed of the default model and of the held-out utterances and noise', parseInteger('--seed', 0), 1)
    .option('--per-template <n>', 'held-out utterances per template', parseInteger('--per-template', 1), 60)
    .option('--json', 'print one JSON document on stdout and nothing else')
    .action((opts: EvalOptions) => evaluate(opts));
  for (const c of intent.commands) c.exitOverride();
  intent.exitOverride();
}
