/**
 * Notes on valid scenarios that do something their author may not expect: the combination is
 * allowed (a center may really run that way), but the result would otherwise read as a finding.
 * `ccsim run`, `compare` and `pilot` print them on stderr (stdout keeps the one document).
 */
import { resolveCompliance } from './outbound-schema.ts';
import type { Scenario } from './schema.ts';

/** One line per note, naming the field path that causes it. */
export function scenarioNotes(scenario: Scenario): string[] {
  const notes: string[] = [];
  const o = scenario.outbound;
  if (o) {
    const pack = resolveCompliance(o.compliance);
    const r = o.amd.enabled ? o.amd.falsePositiveRate : 0;
    // With no real abandons the estimate alone makes the rate r/(1-r) / (1 + r/(1-r)) = r.
    const floor = pack.countAmdEstimate ? r : 0;
    const paced: [string, string][] = [['outbound.pacing', o.pacing.policy]];
    const treatment = scenario.pilot?.treatment.pacing;
    if (treatment) paced.push(['pilot.treatment.pacing', treatment.policy]);
    for (const [path, policy] of paced) {
      if (policy !== 'predictive' || floor < pack.threshold) continue;
      notes.push(
        `${path}: predictive pacing will dial no faster than progressive (one line per free agent): under the ${pack.pack} pack ` +
          `the estimate of AMD false positives (outbound.amd.falsePositiveRate ${r}) alone puts the abandonment rate at ${pct(floor)}, ` +
          `the whole ${pct(pack.threshold)} allowance`,
      );
    }
  }
  return notes;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** Writes the scenario's notes, one line each, prefixed with the file that holds it. */
export function tellScenarioNotes(file: string, scenario: Scenario, out: { write(s: string): unknown }): void {
  for (const note of scenarioNotes(scenario)) out.write(`note: ${file}: ${note}\n`);
}
