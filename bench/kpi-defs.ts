/**
 * Looking up a KPI's definition (unit, better direction) by name across every KpiDef list that
 * sim/metrics/kpis.ts exports, so sweep and bench code stays generic over KPI names: a KPI added
 * there is found here without a change, and an unknown one simply has no definition.
 */
import * as definitions from '../sim/metrics/kpis.ts';
import type { KpiDef } from '../sim/metrics/kpis.ts';
import { formatInterval, formatValue } from './format.ts';

function isKpiDef(d: unknown): d is KpiDef {
  return typeof d === 'object' && d !== null && typeof (d as KpiDef).name === 'string' && typeof (d as KpiDef).better === 'string';
}

export function findKpiDef(name: string): KpiDef | undefined {
  for (const list of Object.values(definitions)) {
    if (!Array.isArray(list)) continue;
    const def = (list as unknown[]).find((d): d is KpiDef => isKpiDef(d) && d.name === name);
    if (def) return def;
  }
  return undefined;
}

/** 'higher' or 'lower' when ccsim defines the KPI with a direction; null for unknown KPIs and 'none'. */
export function betterDirection(name: string): 'higher' | 'lower' | null {
  const b = findKpiDef(name)?.better;
  return b === 'higher' || b === 'lower' ? b : null;
}

/** "2.45% [2.22%, 2.69%]": a KPI's mean and CI in its unit (plain numbers for unknown KPIs). */
export function formatKpi(name: string, mean: number | null | undefined, ci95?: [number, number] | null): string {
  if (mean === null || mean === undefined) return '-';
  const unit = findKpiDef(name)?.unit;
  return ci95 ? `${formatValue(mean, unit)} ${formatInterval(ci95, unit)}` : formatValue(mean, unit);
}
