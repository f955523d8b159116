/**
 * How well an intent model does on labelled texts: accuracy, per-intent precision and recall, the
 * confusion matrix and accuracy per language. A true label the model does not know is counted as
 * an error (it gets its own row in the matrix) rather than dropped, so a mismatch between a user's
 * labels and the model's shows up instead of inflating the score.
 */
import type { IntentModel, LabelledTexts } from './intent.ts';

export interface IntentClassMetrics {
  intent: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
}

export interface IntentMetrics {
  n: number;
  accuracy: number;
  perIntent: IntentClassMetrics[];
  /** matrix[t][p]: texts of true label labels[t] classified as labels[p]. */
  confusion: { labels: string[]; matrix: number[][] };
  perLanguage: { [lang: string]: { n: number; accuracy: number } };
  /** Mean confidence of the predictions, and of the wrong ones (a calibration hint). */
  meanConfidence: number;
  meanConfidenceWrong: number | null;
}

/** Classifies `data` in batches and scores the predictions. */
export function evaluateIntentModel(model: IntentModel, data: LabelledTexts): IntentMetrics {
  const { intent, confidence } = model.classifyBatch(data.texts);
  return scoreIntents(model.intents, data, intent, confidence);
}

/** Scores predicted intent indices (into `intents`) against the true labels. */
export function scoreIntents(intents: readonly string[], data: LabelledTexts, predicted: Int32Array, confidence?: Float32Array): IntentMetrics {
  const n = data.texts.length;
  const labels = [...intents];
  const index = new Map(labels.map((l, i) => [l, i]));
  for (const l of data.labels) {
    if (!index.has(l)) {
      index.set(l, labels.length);
      labels.push(l);
    }
  }
  const L = labels.length;
  const matrix = Array.from({ length: L }, () => new Array<number>(L).fill(0));
  const langs = new Map<string, { n: number; correct: number }>();
  let correct = 0;
  let confSum = 0;
  let confWrong = 0;
  for (let r = 0; r < n; r++) {
    const t = index.get(data.labels[r])!;
    const p = predicted[r];
    matrix[t][p]++;
    const ok = t === p;
    if (ok) correct++;
    if (confidence) {
      confSum += confidence[r];
      if (!ok) confWrong += confidence[r];
    }
    const lang = data.langs?.[r];
    if (lang !== undefined) {
      const e = langs.get(lang) ?? { n: 0, correct: 0 };
      e.n++;
      if (ok) e.correct++;
      langs.set(lang, e);
    }
  }
  const perIntent: IntentClassMetrics[] = labels.map((intent, i) => {
    let predictedAs = 0;
    let support = 0;
    for (let j = 0; j < L; j++) {
      predictedAs += matrix[j][i];
      support += matrix[i][j];
    }
    const tp = matrix[i][i];
    const precision = predictedAs > 0 ? tp / predictedAs : null;
    const recall = support > 0 ? tp / support : null;
    const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
    return { intent, precision, recall, f1, support };
  });
  const perLanguage: IntentMetrics['perLanguage'] = {};
  for (const [lang, e] of [...langs].sort((a, b) => a[0].localeCompare(b[0]))) perLanguage[lang] = { n: e.n, accuracy: e.correct / e.n };
  const wrong = n - correct;
  return {
    n,
    accuracy: n > 0 ? correct / n : 0,
    perIntent,
    confusion: { labels, matrix },
    perLanguage,
    meanConfidence: confidence && n > 0 ? confSum / n : 0,
    meanConfidenceWrong: confidence && wrong > 0 ? confWrong / wrong : null,
  };
}
