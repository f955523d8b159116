/**
 * The speed reference: the fastest plain-JavaScript loop of the Erlang A model (M/M/c+M, FIFO)
 * we could write, with nothing of ccsim in it. FROZEN: it is the yardstick ccsim's speed is
 * measured against in the same process (machines are noisy, ratios are not); do not tune it
 * together with the simulator.
 *
 * Method: FCFS multi-server queues with abandonment follow the Kiefer–Wolfowitz workload
 * recursion. Keep the c servers' next-free times in a binary min-heap; an arrival at t is offered
 * the wait V = max(0, earliest free − t); it abandons if its patience is shorter than V (servers
 * untouched), else it is served from t + V and the earliest server becomes free at t + V + S.
 * One heap update per served call, no event list, xoshiro128** for uniforms.
 */

export interface ReferenceResult {
  calls: number;
  abandonRate: number;
  asa: number;
  serviceLevel: number;
  wallSeconds: number;
}

export function runReferenceLoop(agents: number, arrivalsPerHour: number, handleMean: number, patienceMean: number, calls: number, slSeconds: number, seed: number): ReferenceResult {
  const t0 = performance.now();
  // xoshiro128** state, seeded by splitmix32
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let sm = seed >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix();

  const heap = new Float64Array(agents); // all servers free at time 0
  const meanGap = 3600 / arrivalsPerHour;
  let t = 0;
  let abandoned = 0;
  let answered = 0;
  let within = 0;
  let sumWait = 0;
  for (let i = 0; i < calls; i++) {
    // three uniforms in (0,1) from xoshiro128**: interarrival, patience, service
    let x = Math.imul(s1, 5);
    let r = Math.imul((x << 7) | (x >>> 25), 9);
    let sh = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= sh; s3 = (s3 << 11) | (s3 >>> 21);
    const u1 = ((r >>> 0) + 0.5) * 2.3283064365386963e-10;
    x = Math.imul(s1, 5);
    r = Math.imul((x << 7) | (x >>> 25), 9);
    sh = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= sh; s3 = (s3 << 11) | (s3 >>> 21);
    const u2 = ((r >>> 0) + 0.5) * 2.3283064365386963e-10;
    x = Math.imul(s1, 5);
    r = Math.imul((x << 7) | (x >>> 25), 9);
    sh = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= sh; s3 = (s3 << 11) | (s3 >>> 21);
    const u3 = ((r >>> 0) + 0.5) * 2.3283064365386963e-10;

    t -= meanGap * Math.log(u1);
    const free = heap[0];
    const wait = free > t ? free - t : 0;
    const patience = -patienceMean * Math.log(u2);
    if (wait > patience) {
      abandoned++;
      continue;
    }
    answered++;
    sumWait += wait;
    if (wait <= slSeconds) within++;
    // replace the root with the new free time and sift it down
    const v = t + wait - handleMean * Math.log(u3);
    let pos = 0;
    const half = agents >> 1;
    while (pos < half) {
      let child = 2 * pos + 1;
      if (child + 1 < agents && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= v) break;
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = v;
  }
  return {
    calls,
    abandonRate: abandoned / calls,
    asa: sumWait / answered,
    serviceLevel: within / calls,
    wallSeconds: (performance.now() - t0) / 1000,
  };
}
