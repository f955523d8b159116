/**
 * The agents as people: observable skills (HR data: languages, seniority, digital familiarity,
 * product knowledge; engine/observations.ts) and hidden truth (the true conversion ability, growing
 * along a learning curve with calls handled, so training programmes can be simulated). The engine
 * sees the skills; it learns about ability only from the outcomes it observes.
 */
import type { AgentObservations } from '../engine/observations.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { GroupModel } from './model.ts';

export class AgentRoster implements AgentObservations {
  readonly count: number;
  readonly groupNames: string[];
  readonly group: Int32Array;
  readonly languages: Uint32Array;
  readonly seniority: Float32Array;
  readonly digital: Float32Array;
  readonly knowledge: Float32Array;
  readonly products: number;
  // Hidden: ability = full - (full - initial) * 2^(-calls / half).
  private readonly abilityFull: Float32Array;
  private readonly abilityGap: Float32Array;
  private readonly halfCalls: Float32Array;
  /** Conversations handled so far (the learning curve's clock; starts at 0 each replication). */
  readonly callsHandled: Int32Array;

  constructor(s: Scenario, groups: GroupModel[], languageNames: readonly string[], productNames: readonly string[]) {
    const n = groups.reduce((t, g) => t + g.count, 0);
    const P = productNames.length;
    this.count = n;
    this.products = P;
    this.groupNames = groups.map((g) => g.name);
    this.group = new Int32Array(n);
    this.languages = new Uint32Array(n);
    this.seniority = new Float32Array(n);
    this.digital = new Float32Array(n);
    this.knowledge = new Float32Array(n * P);
    this.abilityFull = new Float32Array(n);
    this.abilityGap = new Float32Array(n);
    this.halfCalls = new Float32Array(n).fill(1);
    this.callsHandled = new Int32Array(n);
    s.agents.forEach((spec, gi) => {
      const g = groups[gi];
      const sk = spec.skills;
      let langBits = 0;
      for (const name of sk?.languages ?? [languageNames[0]]) {
        const li = languageNames.indexOf(name);
        if (li >= 0) langBits |= 1 << li;
      }
      for (let a = g.firstAgent; a < g.firstAgent + g.count; a++) {
        this.group[a] = gi;
        this.languages[a] = langBits;
        this.seniority[a] = sk?.seniority ?? 0.5;
        this.digital[a] = sk?.digital ?? 0.5;
        for (let p = 0; p < P; p++) this.knowledge[a * P + p] = sk?.products?.[productNames[p]] ?? 0.5;
        const full = sk?.ability ?? 1;
        this.abilityFull[a] = full;
        if (sk?.learning) {
          this.abilityGap[a] = full - sk.learning.from;
          this.halfCalls[a] = sk.learning.callsToHalf;
        }
      }
    });
  }

  /** Hidden: the agent's conversion ability now (a multiplier around 1). */
  ability(agent: number): number {
    const gap = this.abilityGap[agent];
    return gap === 0 ? this.abilityFull[agent] : this.abilityFull[agent] - gap * Math.pow(2, -this.callsHandled[agent] / this.halfCalls[agent]);
  }

  speaks(agent: number, language: number): boolean {
    return (this.languages[agent] & (1 << language)) !== 0;
  }
}
