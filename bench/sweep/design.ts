/**
 * Sweep designs: the points (one value per parameter) to evaluate. A grid enumerates every
 * combination (first parameter slowest); random draws each coordinate independently; a Latin
 * hypercube splits each parameter's unit interval into as many strata as points and puts exactly
 * one point in each. Random draws come from a seeded xor4096 stream, so a design is a pure function
 * of the sweep file.
 */
import seedrandom from 'seedrandom';
import { canonicalJson } from '../../scenarios/load.ts';
import type { DesignSpec, ParameterSpec } from './spec.ts';

/** A parameter as the design sees it: a finite list of values, or a continuous interval. */
export type Parameter = { path: string; values: unknown[] } | { path: string; from: number; to: number };

/** One configuration: parameter path → value, in the sweep file's parameter order. */
export type Point = Record<string, unknown>;

export const MAX_POINTS = 100_000;

export function toParameter(path: string, spec: ParameterSpec): Parameter {
  if (Array.isArray(spec)) return { path, values: spec };
  if ('step' in spec) return { path, values: steppedValues(spec.from, spec.to, spec.step) };
  return { path, from: spec.from, to: spec.to };
}

/** from, from + step, ... up to `to` (inclusive within rounding), rounded to the inputs' decimals so 0.1 + 0.2 stays 0.3. */
export function steppedValues(from: number, to: number, step: number): number[] {
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  const digits = Math.max(decimals(from), decimals(step));
  return Array.from({ length: count }, (_, i) => roundTo(from + i * step, digits));
}

function decimals(x: number): number {
  const s = String(x);
  if (/e/i.test(s)) return 12;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function roundTo(x: number, digits: number): number {
  return Number(x.toFixed(Math.min(digits, 15)));
}

/**
 * The design's points, duplicates removed (a random or Latin-hypercube design over lists can draw
 * the same combination twice; it is evaluated once). Throws RangeError past MAX_POINTS.
 */
export function designPoints(parameters: readonly Parameter[], design: DesignSpec): Point[] {
  const raw = design.kind === 'grid' ? gridPoints(parameters) : sampledPoints(parameters, design.kind, design.points, design.seed);
  const seen = new Set<string>();
  return raw.filter((p) => {
    const key = canonicalJson(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function gridPoints(parameters: readonly Parameter[]): Point[] {
  const lists = parameters.map((p) => {
    if (!('values' in p)) throw new RangeError(`${p.path}: a grid needs a list or a stepped range`);
    return p.values;
  });
  const total = lists.reduce((n, l) => n * l.length, 1);
  if (total > MAX_POINTS) throw new RangeError(`a grid of ${total} points (at most ${MAX_POINTS})`);
  const points: Point[] = [];
  for (let k = 0; k < total; k++) {
    const point: Point = {};
    let rest = k;
    for (let d = lists.length - 1; d >= 0; d--) {
      point[parameters[d].path] = lists[d][rest % lists[d].length];
      rest = Math.floor(rest / lists[d].length);
    }
    points.push(orderLike(parameters, point));
  }
  return points;
}

/** Unit-interval coordinates u[point][parameter]: independent uniforms, or a Latin hypercube. */
export function unitSample(n: number, dims: number, kind: 'random' | 'lhs', seed: number): number[][] {
  if (n > MAX_POINTS) throw new RangeError(`${n} points (at most ${MAX_POINTS})`);
  const rng = seedrandom.xor4096(`ccsim-sweep:${kind}:${seed}`);
  const u = Array.from({ length: n }, () => new Array<number>(dims).fill(0));
  if (kind === 'random') {
    for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) u[i][d] = rng();
    return u;
  }
  for (let d = 0; d < dims; d++) {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    for (let i = 0; i < n; i++) u[i][d] = (strata[i] + rng()) / n;
  }
  return u;
}

function sampledPoints(parameters: readonly Parameter[], kind: 'random' | 'lhs', n: number, seed: number): Point[] {
  return unitSample(n, parameters.length, kind, seed).map((row) => {
    const point: Point = {};
    parameters.forEach((p, d) => {
      point[p.path] = 'values' in p ? p.values[Math.min(p.values.length - 1, Math.floor(row[d] * p.values.length))] : p.from + row[d] * (p.to - p.from);
    });
    return point;
  });
}

function orderLike(parameters: readonly Parameter[], point: Point): Point {
  const out: Point = {};
  for (const p of parameters) out[p.path] = point[p.path];
  return out;
}

/** `path=value` overrides for the scenario loader; values in JSON, which YAML reads back exactly. */
export function pointOverrides(point: Point): string[] {
  return Object.entries(point).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

/** "agents.0.count=98, inbound.patience.mean=180" */
export function pointLabel(point: Point): string {
  return Object.entries(point)
    .map(([path, value]) => `${path}=${typeof value === 'number' ? formatNumber(value) : JSON.stringify(value)}`)
    .join(', ');
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
