/**
 * `npm run bench:outbound`: dial attempts per second of the shipped predictive campaign scaled to
 * 1,000,000 leads, 500 agents and 30 days (the figure), then a small grid over list size and
 * team size to show how the rate changes with each. Wall time is measured here, never in tests.
 *
 *   npm run bench:outbound              the 1M-lead run (median of 3) and the grid
 *   npm run bench:outbound -- --json    machine-readable summary
 */
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenarios/load.ts';
import { compileModel } from '../sim/model.ts';
import { runReplication } from '../sim/replication.ts';

const BASE = fileURLToPath(new URL('../scenarios/outbound-predictive.yaml', import.meta.url));

/** The predictive scenario with `leads` leads and `agents` agents (split like the base: 8 early, 7 late), over `days` days. */
export function scaledScenario(leads: number, agents: number, days: number) {
  const early = Math.round((agents * 8) / 15);
  return loadScenario(BASE, {
    replications: 1,
    set: [
      `outbound.leads.count=${leads}`,
      `agents.0.count=${early}`,
      `agents.1.count=${agents - early}`,
      `horizon.hours=${days * 24 - 12}`,
      'agents.0.shift.days=[mon, tue, wed, thu, fri, sat, sun]',
      'agents.1.shift.days=[mon, tue, wed, thu, fri, sat, sun]',
    ],
  }).scenario;
}

interface Point {
  leads: number;
  agents: number;
  days: number;
  dials: number;
  events: number;
  seconds: number;
  dialsPerSecond: number;
}

function measure(leads: number, agents: number, days: number, rounds: number): Point {
  const model = compileModel(scaledScenario(leads, agents, days));
  const runs: Point[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const res = runReplication(model, r);
    const seconds = (performance.now() - t0) / 1000;
    const dials = res.calls;
    runs.push({ leads, agents, days, dials, events: res.events, seconds, dialsPerSecond: dials / seconds });
    process.stderr.write(`  ${leads.toLocaleString('en-US')} leads, ${agents} agents, ${days} days: ${dials.toLocaleString('en-US')} dials in ${seconds.toFixed(2)} s = ${(dials / seconds / 1e3).toFixed(0)} k dials/s\n`);
  }
  runs.sort((a, b) => a.dialsPerSecond - b.dialsPerSecond);
  return runs[runs.length >> 1];
}

function main(argv: string[]): void {
  const json = argv.includes('--json');
  // Warm the JIT on a small campaign first.
  runReplication(compileModel(scaledScenario(20_000, 50, 3)), 9);
  process.stderr.write('predictive campaign, 1,000,000 leads, 500 agents, 30 days (median of 3)\n');
  const main = measure(1_000_000, 500, 30, 3);
  process.stderr.write('scaling: list size and team size, 10 days\n');
  const grid: Point[] = [];
  for (const leads of [100_000, 1_000_000]) for (const agents of [100, 500]) grid.push(measure(leads, agents, 10, 1));
  if (json) {
    console.log(JSON.stringify({ node: process.version, main, grid }, null, 2));
    return;
  }
  console.log(`1M leads, 500 agents, 30 days: ${(main.dialsPerSecond / 1e3).toFixed(0)} k dial attempts/s (${main.dials.toLocaleString('en-US')} dials, ${(main.events / main.seconds / 1e6).toFixed(2)} M events/s)`);
  console.log('leads      agents  dials/s');
  for (const p of grid) console.log(`${p.leads.toLocaleString('en-US').padEnd(10)} ${String(p.agents).padStart(6)}  ${(p.dialsPerSecond / 1e3).toFixed(0)} k`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
