/**
 * Problems found in imported data, counted by reason with a few example rows each. An error
 * excludes the row from fitting; a warning keeps it but a person should look (outliers, clock
 * gaps, rows out of arrival order). Nothing is dropped without being counted here.
 */

export type Severity = 'error' | 'warning';

export interface Issue {
  /** Stable code, e.g. "unparsable:arrival_time", "duplicate", "outlier:talk_s", "clock-gap". */
  code: string;
  severity: Severity;
  /** What it means, in words. */
  message: string;
  count: number;
  /** Up to MAX_EXAMPLES: the row (1-based data row of the source, or the record id) and what was found. */
  examples: { row: string; found: string }[];
}

export const MAX_EXAMPLES = 3;

export class IssueLog {
  private readonly byCode = new Map<string, Issue>();

  add(code: string, severity: Severity, message: string, row: string, found: string): void {
    let issue = this.byCode.get(code);
    if (issue === undefined) {
      issue = { code, severity, message, count: 0, examples: [] };
      this.byCode.set(code, issue);
    }
    issue.count++;
    if (issue.examples.length < MAX_EXAMPLES) issue.examples.push({ row, found });
  }

  /** Errors first, then by count (descending) and code. */
  list(): Issue[] {
    return [...this.byCode.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count || a.code.localeCompare(b.code) : a.severity === 'error' ? -1 : 1));
  }

  count(code: string): number {
    return this.byCode.get(code)?.count ?? 0;
  }
}
