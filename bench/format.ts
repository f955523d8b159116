/** Human-readable tables for the terminal: KPI values formatted by unit, columns aligned. */
import type { KpiDef } from '../sim/metrics/kpis.ts';

export function formatTable(header: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatValue(x: number | null | undefined, unit: KpiDef['unit'] | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  switch (unit) {
    case 'share':
      return `${(x * 100).toFixed(Math.abs(x) < 0.001 && x !== 0 ? 4 : 2)}%`;
    case 'seconds':
      return `${x.toFixed(Math.abs(x) < 10 ? 3 : 1)} s`;
    case 'calls':
      return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 1 });
    case 'agents':
      return x.toFixed(1);
    default:
      return Math.abs(x) >= 1000 ? x.toLocaleString('en-US', { maximumFractionDigits: 1 }) : x.toPrecision(4);
  }
}

export function formatInterval(ci: [number, number] | null | undefined, unit: KpiDef['unit'] | undefined): string {
  if (!ci) return '-';
  return `[${formatValue(ci[0], unit)}, ${formatValue(ci[1], unit)}]`;
}

export function formatRate(perSecond: number, what: string): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M ${what}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k ${what}/s`;
  return `${perSecond.toFixed(0)} ${what}/s`;
}
