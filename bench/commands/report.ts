/**
 * `ccsim report DOC [--out DIR] [--png]`: charts and a self-contained HTML report from a results,
 * comparison or sweep document; and the `--report [DIR]` that run and compare share.
 */
import type { Command } from 'commander';
import { basename, dirname, extname, join } from 'node:path';
import { readReportInput, ReportInputError, type ReportInput } from '../../reports/document.ts';
import { writeReport, type ReportSummary } from '../../reports/report.ts';
import { UsageError } from './options.ts';

interface ReportOptions {
  out?: string;
  png?: boolean;
}

/** Next to the document: `out/results.json` → `out/results-report/`. */
export function defaultReportDir(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}-report`);
}

/** `--report` without a directory, for a run or comparison that has no document file yet. */
export function defaultRunReportDir(name: string, out?: string): string {
  return out ? join(out, 'results-report') : join('out', `${name.replace(/[^\w.-]+/g, '-')}-report`);
}

export function describeReport(s: ReportSummary): string {
  const pngs = s.files.filter((f) => f.endsWith('.png')).length;
  return `report: ${s.html} (${s.charts.length} charts${pngs > 0 ? `, ${pngs} PNGs` : ''}) in ${(s.timings.total / 1000).toFixed(2)} s`;
}

/** Write the report and say where it went; notes (skipped sections, chart warnings) go to stderr. */
export async function writeReportAndTell(input: ReportInput, dir: string, opts: { png?: boolean }, out: NodeJS.WritableStream): Promise<ReportSummary> {
  const summary = await writeReport(input, dir, opts);
  for (const n of summary.notes) process.stderr.write(`ccsim: note: ${n}\n`);
  out.write(`${describeReport(summary)}\n`);
  return summary;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('draw the charts and a self-contained HTML report of a results, comparison or sweep document')
    .argument('<document>', 'results.json (run --json / --out), a comparison (compare --json) or sweep points (JSON)')
    .option('--out <dir>', 'directory for report.html and the charts (default: <document>-report beside the document)')
    .option('--png', 'also write a PNG of each chart')
    .action(async (file: string, opts: ReportOptions) => {
      let input: ReportInput;
      try {
        input = readReportInput(file);
      } catch (err) {
        if (err instanceof ReportInputError) throw new UsageError(err.message);
        throw err;
      }
      await writeReportAndTell(input, opts.out ?? defaultReportDir(file), { png: opts.png }, process.stdout);
    });
}
