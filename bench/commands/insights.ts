/** `ccsim insights --records DIR [--out DIR]`: conversion compared across scripts, hours, segments and agent groups. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { writeFileAtomic } from '../files.ts';
import { RecordsError } from '../records/duck.ts';
import { computeInsights, DEFAULT_MIN_CONVERSATIONS } from '../records/insights.ts';
import { insightsHtml, insightsMarkdown } from '../records/insights-report.ts';
import { parseInteger, UsageError } from './options.ts';

interface InsightsOptions {
  records?: string;
  out?: string;
  minConversations?: number;
  json?: boolean;
}

export function registerInsights(program: Command): void {
  program
    .command('insights')
    .description('the strategy report: which script, which hours, which segments (and agent groups) convert best, with tests and false-discovery control')
    .option('--records <dir>', 'records folder written by run/compare --records')
    .option('--out <dir>', 'where to write insights.md, insights.html and insights.json (default: <records>/insights)')
    .option('--min-conversations <n>', `test only levels with at least n conversations (default ${DEFAULT_MIN_CONVERSATIONS})`, parseInteger('--min-conversations', 1))
    .option('--json', 'print the insights document (JSON) instead of the markdown')
    .action(async (opts: InsightsOptions) => {
      if (!opts.records) throw new UsageError('insights: expected --records <dir> (a folder written by run --records)');
      let doc;
      try {
        doc = await computeInsights(opts.records, { minConversations: opts.minConversations });
      } catch (err) {
        if (err instanceof RecordsError) throw new UsageError(err.message);
        throw err;
      }
      const md = insightsMarkdown(doc);
      const json = `${JSON.stringify(doc, null, 2)}\n`;
      const out = opts.out ?? join(opts.records, 'insights');
      writeFileAtomic(join(out, 'insights.md'), md);
      writeFileAtomic(join(out, 'insights.html'), insightsHtml(doc));
      writeFileAtomic(join(out, 'insights.json'), json);
      process.stdout.write(opts.json ? json : md);
      process.stderr.write(`insights: ${join(out, 'insights.md')}, insights.html, insights.json\n`);
    });
}
