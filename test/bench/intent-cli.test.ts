// `ccsim intent train` and `ccsim intent eval`: exit codes, the JSON document's shape, CSV errors
// named by file:line. In-process through main() (stdout/stderr captured), plus one real process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelledCsv, type IntentEvalDocument } from '../../bench/commands/intent.ts';
import { INTENTS } from '../../sim/conversation/intents.ts';
import { ccsim, type Outcome } from '../reports/ccsim.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ccsim-intent-cli-'));
const MODEL = join(tmp, 'model');

function expectOneLineError(o: Outcome, pattern: RegExp): void {
  expect(o.code).toBe(2);
  expect(o.stdout).toBe('');
  expect(o.stderr).toMatch(/^ccsim: [^\n]+\n$/);
  expect(o.stderr).toMatch(pattern);
}

function csv(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  const o = await ccsim('intent', 'train', '--out', MODEL, '--epochs', '3', '--per-template', '12', '--seed', '5');
  expect(o.code).toBe(0);
  expect(o.stdout).toMatch(/trained on 2,592 synthetic utterances/);
  expect(o.stdout).toMatch(/saved to /);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ccsim intent eval', () => {
  it('prints one JSON document: accuracy at 0, per language, the curve, per intent, the confusion matrix, the backend', async () => {
    const o = await ccsim('intent', 'eval', '--model', MODEL, '--per-template', '10', '--json');
    expect(o.code).toBe(0);
    const doc = JSON.parse(o.stdout) as IntentEvalDocument;
    expect(o.stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(doc.schemaVersion).toBe(1);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(doc.backend);
    expect(doc.model.dir).toBe(MODEL);
    expect(doc.model.intents).toEqual([...INTENTS]);
    expect(doc.model.training).toMatchObject({ seed: 5, epochs: 3, examples: 2592 });
    expect(doc.data).toMatchObject({ utterances: 720, heldOutTemplates: 72, seed: 1 });
    expect(doc.accuracy).toBeGreaterThan(0.8);
    expect(Object.keys(doc.perLanguage).sort()).toEqual(['en', 'zh']);
    expect(doc.perLanguage.zh.n + doc.perLanguage.en.n).toBe(720);
    expect(doc.curve.map((c) => c.errorRate)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(doc.curve[0].accuracy).toBe(doc.accuracy);
    expect(doc.curve[3].accuracy).toBeLessThan(doc.accuracy);
    expect(doc.perIntent.map((c) => c.intent)).toEqual([...INTENTS]);
    for (const c of doc.perIntent) expect(c).toEqual({ intent: c.intent, precision: expect.any(Number), recall: expect.any(Number), f1: expect.any(Number), support: 60 });
    expect(doc.confusion.labels).toEqual([...INTENTS]);
    expect(doc.confusion.matrix.length).toBe(12);
    expect(doc.confusion.matrix.every((row) => row.length === 12)).toBe(true);
  });

  it('reports the requested error rates and still gives the accuracy at 0', async () => {
    const o = await ccsim('intent', 'eval', '--model', MODEL, '--per-template', '4', '--error-rates', '0.05,0.25', '--json');
    const doc = JSON.parse(o.stdout) as IntentEvalDocument;
    expect(doc.curve.map((c) => c.errorRate)).toEqual([0.05, 0.25]);
    expect(doc.accuracy).toBeGreaterThan(doc.curve[1].accuracy);
  });

  it('prints a readable table without --json', async () => {
    const o = await ccsim('intent', 'eval', '--model', MODEL, '--per-template', '4');
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/72 templates never seen in training/);
    expect(o.stdout).toMatch(/^ASR error rate +accuracy +en +zh$/m);
    expect(o.stdout).toMatch(/^30\.0% /m);
    expect(o.stdout).toMatch(/^BUDGET_CONCERN +\d/m);
  });

  it('rejects bad error rates and missing models in one line, exit 2', async () => {
    expectOneLineError(await ccsim('intent', 'eval', '--model', MODEL, '--error-rates', '0,1.5'), /--error-rates: expected numbers in \[0, 1\)/);
    expectOneLineError(await ccsim('intent', 'eval', '--model', join(tmp, 'absent')), /--model .*absent: no saved model/);
  });
});

describe('labelled CSV', () => {
  const rows = [
    'text,intent',
    '"too expensive, I can\'t afford it",BUDGET_CONCERN',
    '预算不够,BUDGET_CONCERN',
    '"how much is it?",PRICE_INQUIRY',
    '多少钱,PRICE_INQUIRY',
  ];

  it('reads quoted fields, an optional header and blank lines', () => {
    const data = readLabelledCsv(csv('ok.csv', `\ufeff${rows.join('\r\n')}\r\n\r\n"say ""hi""\nthere",GREETING_SMALLTALK\n`));
    expect(data.texts).toEqual(["too expensive, I can't afford it", '预算不够', 'how much is it?', '多少钱', 'say "hi"\nthere']);
    expect(data.labels).toEqual(['BUDGET_CONCERN', 'BUDGET_CONCERN', 'PRICE_INQUIRY', 'PRICE_INQUIRY', 'GREETING_SMALLTALK']);
  });

  it('names file:line for a bad row, exit 2, nothing written', async () => {
    const bad = csv('bad.csv', `${rows.slice(0, 3).join('\n')}\nhello,there,GREETING\n`);
    const out = join(tmp, 'never');
    const o = await ccsim('intent', 'train', '--data', bad, '--out', out);
    expectOneLineError(o, new RegExp(`bad\\.csv:4: expected 2 fields \\(text,intent\\), found 3`));
    expect(existsSync(out)).toBe(false);
    expectOneLineError(await ccsim('intent', 'train', '--data', csv('q.csv', 'a,X\n"open,Y\n')), /q\.csv:2: unterminated quoted field/);
    expectOneLineError(await ccsim('intent', 'train', '--data', csv('e.csv', 'a,X\n  ,Y\n')), /e\.csv:2: empty text/);
    expectOneLineError(await ccsim('intent', 'train', '--data', csv('n.csv', 'a,X\nb,has space\n')), /n\.csv:2: intent must be a name/);
    expectOneLineError(await ccsim('intent', 'train', '--data', csv('one.csv', 'a,X\nb,X\n')), /one\.csv: needs at least two intents, found 1/);
    expectOneLineError(await ccsim('intent', 'train', '--data', join(tmp, 'missing.csv')), /missing\.csv: cannot read \(ENOENT\)/);
  });

  it('trains on the user\'s CSV and evaluates on it', async () => {
    const lines = ['text,intent'];
    for (let i = 0; i < 30; i++) {
      lines.push(`"too expensive for me, sorry ${i}",BUDGET_CONCERN`, `预算有限${i},BUDGET_CONCERN`, `how much is the plan ${i}?,PRICE_INQUIRY`, `这个多少钱${i},PRICE_INQUIRY`);
    }
    const file = csv('mine.csv', `${lines.join('\n')}\n`);
    const out = join(tmp, 'mine');
    const t = await ccsim('intent', 'train', '--data', file, '--out', out, '--epochs', '4');
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/trained on 120 rows of .*mine\.csv: 2 intents/);
    const e = await ccsim('intent', 'eval', '--model', out, '--data', file, '--error-rates', '0', '--json');
    const doc = JSON.parse(e.stdout) as IntentEvalDocument;
    expect(doc.model.intents).toEqual(['BUDGET_CONCERN', 'PRICE_INQUIRY']);
    expect(doc.data).toMatchObject({ source: file, utterances: 120, heldOutTemplates: null });
    expect(doc.perLanguage.zh.n).toBe(60);
    expect(doc.accuracy).toBeGreaterThan(0.95);
  });
});

describe('as a real process', () => {
  it('prints only the document on stdout (the backend notice goes to stderr) and exits 0; a bad CSV exits 2', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['bin/ccsim.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const ok = run('intent', 'eval', '--model', MODEL, '--per-template', '2', '--json');
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as IntentEvalDocument).schemaVersion).toBe(1);
    expect(ok.stderr).toMatch(/ccsim: tfjs backend (tensorflow|wasm|cpu)/);
    const bad = run('intent', 'train', '--data', csv('p.csv', 'x\n'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^ccsim: .*p\.csv:1: expected 2 fields \(text,intent\), found 1\n$/);
  });
});
