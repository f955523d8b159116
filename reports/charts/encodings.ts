/**
 * Small pieces the chart families share: local times on a UTC scale, axis formats by unit, and
 * KPI metadata (unit, label, better direction) for KPIs known to the simulator and for ones added
 * later.
 */
import * as kpiDefinitions from '../../sim/metrics/kpis.ts';
import type { Better, KpiDef } from '../../sim/metrics/kpis.ts';
import type { Unit } from '../chart.ts';
import { LOCAL_TIME_FORMAT } from '../theme.ts';

/**
 * A series row's local start ("2026-03-02T07:00") as milliseconds of the same wall-clock time in
 * UTC. Plotted on a UTC scale, the axis then shows the center's local clock on any machine,
 * whatever its time zone or daylight-saving rules.
 */
export function localTimeMs(start: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(start);
  if (!m) throw new Error(`not a local time "YYYY-MM-DDTHH:MM": ${start}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
}

/** The x encoding of every chart over the day. */
export function timeX(field = 't', title = 'local time') {
  return {
    field,
    type: 'temporal' as const,
    scale: { type: 'utc' as const },
    axis: { title, format: LOCAL_TIME_FORMAT, labelOverlap: true, tickCount: 12 },
  };
}

/** d3-format for axis labels and tooltips of a unit. */
export function numberFormat(unit: Unit): string {
  switch (unit) {
    case 'share':
      return '.1~%';
    case 'seconds':
    case 'calls':
    case 'calls/hour':
    case 'agents':
    case 'count':
    case 'score':
    case 'number':
      return ',.4~r';
  }
}

/** "service level (share of offered calls)" style axis titles: what, then the unit. */
export function unitLabel(unit: Unit): string {
  switch (unit) {
    case 'share':
      return '%';
    case 'seconds':
      return 'seconds';
    case 'calls':
      return 'calls';
    case 'calls/hour':
      return 'calls per hour';
    case 'agents':
      return 'agents';
    case 'count':
      return 'count';
    case 'score':
      return 'score (0-100)';
    case 'number':
      return '';
  }
}

export interface KpiMeta {
  name: string;
  unit: Unit;
  better: Better;
  description: string;
}

const isKpiDef = (x: unknown): x is KpiDef => typeof x === 'object' && x !== null && 'name' in x && 'unit' in x && 'better' in x;

/** Every KPI defined in kpis.ts, whatever list it is in (inbound, agent, outbound, ...). */
const KNOWN = new Map(
  (Object.values(kpiDefinitions) as unknown[])
    .flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : []))
    .filter(isKpiDef)
    .map((k) => [k.name, k]),
);

/**
 * Unit and direction of a KPI. KPIs the simulator grows (outbound, conversion) before their
 * definitions reach kpis.ts get them from their name: rates and levels are shares, `*Seconds`
 * and `*Time` are seconds, counts are calls; direction unknown.
 */
export function kpiMeta(name: string): KpiMeta {
  const known = KNOWN.get(name);
  if (known) return { name, unit: known.unit as Unit, better: known.better, description: known.description };
  let unit: Unit = 'number';
  if (/(Rate|Level|Share|Ratio|occupancy|Probability)$/i.test(name)) unit = 'share';
  else if (/(Seconds|Time|Wait|asa)$/i.test(name)) unit = 'seconds';
  else if (/^(dials|connects|conversions|calls|offered|answered|abandoned)/i.test(name)) unit = 'calls';
  return { name, unit, better: 'none', description: '' };
}

/** "serviceLevel" → "service level", for axis and legend labels. */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/\bAsa\b|\basa\b/, 'ASA')
    .toLowerCase()
    .replace(/\basa\b/, 'ASA');
}

/** Escapes a string for a single-quoted vega expression literal. */
export function exprString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
