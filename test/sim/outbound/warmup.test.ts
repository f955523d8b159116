/**
 * An outbound campaign's books open with the measurement window, at the warm-up's end exactly (not
 * at the next pacing tick): every dial placed from that instant to the horizon is counted, none
 * before. Checked attempt by attempt with a dialer observer, for an outbound campaign and a blended
 * center (a campaign's horizon, and so its warm-up, is always in hours).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenarios/load.ts';
import { compileModel } from '../../../sim/model.ts';
import { Center } from '../../../sim/center.ts';

/** Every attempt's dial time, the dials the books counted, and the measurement window. */
function dialTimes(file: string, set: string[]) {
  const model = compileModel(loadScenario(file, { set }).scenario);
  const center = new Center(model, 0);
  const times: number[] = [];
  center.dialer!.observer = { onAttemptEnd: (_d, slot) => void times.push(center.calls.arrival[slot]) };
  center.run();
  const end = center.stats.windowEnd;
  const window = [end - center.stats.totals().windowSeconds, end];
  return { times, dials: center.dialer!.totals().dials, window, model };
}

describe('outbound warm-up', () => {
  it('counts exactly the dials placed inside the window (warm-up in hours)', () => {
    // A tick of 60 s makes an off-by-a-tick window visible: the warm-up ends between ticks.
    const { times, dials, window, model } = dialTimes('scenarios/outbound-progressive.yaml', ['horizon.hours=30', 'warmup.hours=25.0125', 'outbound.pacing.tickSeconds=60', 'replications=1']);
    const [start, end] = window;
    expect(start).toBe(model.warmupSeconds);
    const inside = times.filter((t) => t >= start && t <= end).length;
    expect(inside).toBeGreaterThan(0);
    expect(times.filter((t) => t < start).length).toBeGreaterThan(0);
    expect(dials).toBe(inside);
  });

  it('opens the campaign\'s books with the inbound window in a blended center', () => {
    const { times, dials, window } = dialTimes('scenarios/blended.yaml', ['warmup.hours=2.0125', 'outbound.pacing.tickSeconds=60', 'replications=1']);
    const [start, end] = window;
    expect(start).toBeGreaterThan(0);
    const inside = times.filter((t) => t >= start && t <= end).length;
    expect(inside).toBeGreaterThan(0);
    expect(dials).toBe(inside);
  });
});
