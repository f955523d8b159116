/**
 * Scenario notes: valid scenarios whose result would otherwise read as a finding. The one note so
 * far: under a pack that counts the AMD false-positive estimate as abandoned (UK), a stated
 * false-positive rate at or above the allowance leaves predictive pacing no headroom, so it dials
 * exactly as progressive does. The note is checked against the simulator, not just printed.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/cli.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { scenarioNotes } from '../../scenarios/notes.ts';
import { compileModel } from '../../sim/model.ts';
import { runReplication } from '../../sim/replication.ts';

const PREDICTIVE = 'scenarios/outbound-predictive.yaml';
const PROGRESSIVE = 'scenarios/outbound-progressive.yaml';

function load(file: string, ...set: string[]) {
  return loadScenario(file, { set }).scenario;
}

describe('scenario notes', () => {
  it('flags predictive pacing that the UK AMD estimate pins to progressive, and nothing else', () => {
    const pinned = scenarioNotes(load(PREDICTIVE, 'outbound.amd.enabled=true', 'outbound.amd.falsePositiveRate=0.03'));
    expect(pinned).toHaveLength(1);
    expect(pinned[0]).toMatch(/^outbound\.pacing: predictive pacing will dial no faster than progressive.*falsePositiveRate 0\.03.*3%/);
    expect(scenarioNotes(load(PREDICTIVE, 'outbound.amd.enabled=true', 'outbound.amd.falsePositiveRate=0.025'))).toEqual([]);
    expect(scenarioNotes(load(PREDICTIVE, 'outbound.amd.enabled=false', 'outbound.amd.falsePositiveRate=0.05'))).toEqual([]);
    expect(scenarioNotes(load(PREDICTIVE, 'outbound.amd.enabled=true', 'outbound.amd.falsePositiveRate=0.05', 'outbound.compliance.pack=us'))).toEqual([]);
    expect(scenarioNotes(load(PREDICTIVE, 'outbound.amd.enabled=true', 'outbound.amd.falsePositiveRate=0.05', 'outbound.compliance.threshold=0.06'))).toEqual([]);
    expect(scenarioNotes(load(PROGRESSIVE, 'outbound.amd.enabled=true', 'outbound.amd.falsePositiveRate=0.05'))).toEqual([]);
    expect(scenarioNotes(load('scenarios/inbound-erlang-a.yaml'))).toEqual([]);
  });

  it('names the pilot treatment when its pacing is the pinned one', () => {
    const notes = scenarioNotes(load('scenarios/pilot-predictive-dialing.yaml', 'outbound.amd.enabled=true', 'outbound.amd.falsePositiveRate=0.04', 'outbound.compliance.pack=uk'));
    expect(notes.map((n) => n.split(':')[0])).toEqual(['pilot.treatment.pacing']);
  });

  it('is true: with the note, predictive dials exactly as progressive; just below it, it dials more', () => {
    const run = (file: string, rate: number) =>
      runReplication(compileModel(load(file, 'outbound.amd.enabled=true', `outbound.amd.falsePositiveRate=${rate}`, 'horizon.hours=48', 'replications=1')), 0).kpis;
    const pinned = run(PREDICTIVE, 0.03);
    const progressive = run(PROGRESSIVE, 0.03);
    expect(pinned.dialsPerAgentHour).toBe(progressive.dialsPerAgentHour);
    expect(pinned.talkTimeShare).toBe(progressive.talkTimeShare);
    expect(run(PREDICTIVE, 0.01).dialsPerAgentHour!).toBeGreaterThan(progressive.dialsPerAgentHour!);
  });

  it('ccsim run prints the note on stderr and keeps stdout to the document', async () => {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(((s: string) => ((stdout += s), true)) as typeof process.stdout.write);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(((s: string) => ((stderr += s), true)) as typeof process.stderr.write);
    try {
      const code = await main(['run', PREDICTIVE, '--replications', '1', '--workers', '1', '--set', 'horizon.hours=12', '--set', 'outbound.amd.enabled=true', '--set', 'outbound.amd.falsePositiveRate=0.03', '--json']);
      expect(code).toBe(0);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(JSON.parse(stdout).scenario).toBe('outbound-predictive');
    expect(stderr).toContain(`note: ${PREDICTIVE}: outbound.pacing: predictive pacing will dial no faster than progressive`);
  });
});
