/**
 * A chart of the report and the families that make them. A family looks at the input document and
 * returns its charts, or none when the document lacks the data; the registry (registry.ts) lists
 * the families in report order. Adding a chart = one module with a family + its entry there.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportInput } from './document.ts';

export interface Chart {
  /** Unique in a report: the SVG/PNG file stem and the HTML anchor, e.g. `interval-volumes`. */
  id: string;
  /** Drawn in the chart, and listed in the report's contents. */
  title: string;
  /** What the chart shows and how to read it, under the chart in the HTML report. */
  caption: string;
  spec: TopLevelSpec;
}

export interface ChartFamily {
  name: string;
  /**
   * The family's charts for this input, in report order; none when the data is absent. A section
   * that is present but not in the expected shape adds a line to `notes` instead of a chart.
   */
  build(input: ReportInput, notes: string[]): Chart[];
}

/** Unit of a quantity on an axis: picks the axis format and the unit in the axis title. */
export type Unit = 'calls' | 'share' | 'seconds' | 'agents' | 'calls/hour' | 'count' | 'score' | 'number';
