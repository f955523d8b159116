/**
 * The look every chart shares: one font, one palette, one set of sizes. Chart builders take their
 * colours from here so that "abandoned" is the same vermillion in every chart and a variant keeps
 * its colour from chart to chart.
 *
 * Colours are the Okabe–Ito palette (readable with the common colour-vision deficiencies).
 */
import type { Config } from 'vega-lite';

/**
 * Without a canvas, vega estimates text widths generously; the label limits are raised so that it
 * does not cut labels ("service level ans…") that would fit.
 *
 * The font named in every SVG. PNGs are rasterised with the DejaVu files shipped in reports/fonts
 * (resvg draws no text without a font it can find); browsers fall back to their own sans-serif.
 */
export const FONT = 'DejaVu Sans';
const FONT_STACK = `${FONT}, Verdana, Arial, sans-serif`;

export const COLORS = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
  grey: '#8C8C8C',
  ink: '#333333',
} as const;

/** What a metric is, its colour everywhere. */
export const METRIC_COLORS: Record<string, string> = {
  offered: COLORS.blue,
  answered: COLORS.green,
  abandoned: COLORS.vermillion,
  agentsOnShift: COLORS.sky,
  agentsStaffed: COLORS.blue,
  dialsPerHour: COLORS.blue,
  connectRate: COLORS.green,
  abandonRate: COLORS.vermillion,
};

/** Variants in their order in the compare document: baseline blue, then the rest. */
export const VARIANT_COLORS = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.purple, COLORS.sky, COLORS.vermillion, COLORS.yellow, COLORS.ink];

/** Verdict of a paired difference (variant − baseline), by the KPI's "better" direction. */
export const VERDICT_COLORS = {
  better: COLORS.green,
  worse: COLORS.vermillion,
  'no clear difference': COLORS.grey,
  'changed (no better direction)': COLORS.blue,
} as const;
export type Verdict = keyof typeof VERDICT_COLORS;

/** Plot-area sizes in CSS pixels: wide enough for a day of 15-minute intervals, short enough to stack. */
export const SIZE = { width: 760, height: 260, rowHeight: 24 } as const;

/** PNGs are drawn at twice the SVG's size so text stays sharp on high-density screens and in slides. */
export const PNG_SCALE = 2;

/** Axis label formats: the center's local clock (values are local times stored as UTC, see time.ts). */
export const LOCAL_TIME_FORMAT = { minutes: '%H:%M', hours: '%H:%M', date: '%a %d %b', day: '%a %d %b', week: '%a %d %b', month: '%b %Y', year: '%Y' };

export const VEGA_CONFIG: Config = {
  background: 'white',
  padding: 12,
  font: FONT_STACK,
  view: { stroke: '#dddddd', continuousWidth: SIZE.width, continuousHeight: SIZE.height },
  title: { fontSize: 16, fontWeight: 'bold', anchor: 'start', color: COLORS.ink, subtitleFontSize: 12, subtitleColor: '#666666', offset: 10 },
  axis: { labelLimit: 320, labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', titleColor: COLORS.ink, labelColor: COLORS.ink, gridColor: '#e6e6e6' },
  legend: { labelLimit: 400, titleLimit: 400, labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', orient: 'top', direction: 'horizontal', symbolStrokeWidth: 2.5 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  line: { strokeWidth: 2 },
  point: { size: 60, filled: true, opacity: 1 },
  text: { fontSize: 12 },
  range: { category: VARIANT_COLORS, heatmap: { scheme: 'viridis' } },
};
