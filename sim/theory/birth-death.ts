// Brute-force check for the closed forms in erlang.ts: solve the truncated M/M/c+M birth–death chain
// numerically and follow a tagged caller through the queue. Deliberately simple and slow (O(states) memory,
// O(states × uniformization steps) time); only tests use it.

import { logPoissonTerm } from '../stats/special.ts';
import type { ErlangAParams } from './erlang.ts';

export interface ChainResult {
  /** Number of states kept, N + 1 (states 0..N). */
  states: number;
  waitProbability: number;
  abandonProbability: number;
  abandonGivenWait: number;
  asa: number;
  meanWait: number;
  /** P(answered and W <= slSeconds). */
  serviceLevel: number;
  /** P(W <= slSeconds), answered or abandoned. */
  waitAtMost: number;
  serviceLevelAnswered: number;
  /** Σ (n - c)^+ π_n, from the stationary law (not from Little's law). */
  meanQueueLength: number;
  piC: number;
}

/** Upper bound on the neglected tail relative to the mass of the waiting states. */
const TAIL = 1e-17;

function logSumExpAll(ls: ArrayLike<number>, from = 0): number {
  let m = -Infinity;
  for (let i = from; i < ls.length; i++) m = Math.max(m, ls[i]);
  if (m === -Infinity) return m;
  let s = 0;
  for (let i = from; i < ls.length; i++) s += Math.exp(ls[i] - m);
  return m + Math.log(s);
}

/** Erlang B from the M/M/c/c chain: π_c of the truncated Poisson law, in log space. */
export function chainErlangB(c: number, a: number): number {
  const logq = [0];
  for (let n = 1; n <= c; n++) logq.push(logq[n - 1] + Math.log(a / n));
  return Math.exp(logq[c] - logSumExpAll(logq));
}

/**
 * M/M/c+M (meanPatienceSeconds finite) or M/M/c (Infinity; needs ρ < 1). The stationary law is built as
 * log q_n (so c in the thousands cannot overflow) and cut at the first N where the geometric bound on the
 * remaining tail is below 1e-17 of the waiting mass. A caller arriving to n >= c waits at position
 * j = n - c: from j it moves forward at rate cμ + jθ (a service completion or someone ahead abandoning) and
 * leaves at its own rate θ; P(served within T) comes from uniformizing that absorbing chain.
 */
export function chainQueue(params: ErlangAParams): ChainResult {
  const c = params.agents;
  const lambda = params.arrivalRatePerSecond;
  const mu = 1 / params.meanHandleSeconds;
  const theta = 1 / params.meanPatienceSeconds;
  const T = params.slSeconds;
  if (theta === 0 && lambda >= c * mu) throw new RangeError('chainQueue: M/M/c needs rho < 1');

  const logq: number[] = [0];
  for (let n = 1; n <= c; n++) logq.push(logq[n - 1] + Math.log(lambda / (n * mu)));
  let waitMassLog = logq[c];
  for (let n = c + 1; ; n++) {
    const death = c * mu + (n - c) * theta;
    const l = logq[n - 1] + Math.log(lambda / death);
    logq.push(l);
    waitMassLog = Math.max(waitMassLog, l) + Math.log1p(Math.exp(-Math.abs(waitMassLog - l)));
    const r = lambda / (death + theta); // ratio to the next state; later ratios are no larger
    if (r < 1 && l + Math.log(r / (1 - r)) < waitMassLog + Math.log(TAIL)) break;
    if (n > c + 50_000_000) throw new RangeError('chainQueue: chain too long');
  }
  const N = logq.length - 1;
  const J = N - c; // positions 0..J
  const logZ = logSumExpAll(logq);
  const logWait = logSumExpAll(logq, c);
  const pWait = Math.exp(logWait - logZ);
  let pNoWait = 0;
  for (let n = 0; n < c; n++) pNoWait += Math.exp(logq[n] - logZ);

  // w_j: the position law of a caller who waits. Tagged-caller recursions from the head of the queue back.
  const w = new Float64Array(J + 1);
  for (let j = 0; j <= J; j++) w[j] = Math.exp(logq[c + j] - logWait);
  let served = 1; // P(served | j-1), with "position -1" meaning being served
  let abandon = 0; // P(abandon | j-1)
  let waitServed = 0; // E[W 1{served} | j-1]
  let waitAll = 0; // E[W | j-1]
  let sumServed = 0;
  let sumAbandon = 0;
  let sumWaitServed = 0;
  let sumWait = 0;
  let queueLength = 0;
  for (let j = 0; j <= J; j++) {
    const out = c * mu + (j + 1) * theta;
    const forward = (c * mu + j * theta) / out;
    served *= forward;
    abandon = theta / out + forward * abandon;
    waitServed = served / out + forward * waitServed;
    waitAll = 1 / out + forward * waitAll;
    sumServed += w[j] * served;
    sumAbandon += w[j] * abandon;
    sumWaitServed += w[j] * waitServed;
    sumWait += w[j] * waitAll;
    queueLength += j * w[j];
  }

  const withinT = leftQueueWithin(c * mu, theta, J, w, T);
  const pServed = pNoWait + pWait * sumServed;
  const sl = pNoWait + pWait * withinT.served;
  return {
    states: N + 1,
    waitProbability: pWait,
    abandonProbability: pWait * sumAbandon,
    abandonGivenWait: sumAbandon,
    asa: (pWait * sumWaitServed) / pServed,
    meanWait: pWait * sumWait,
    serviceLevel: sl,
    waitAtMost: pNoWait + pWait * withinT.left,
    serviceLevelAnswered: sl / pServed,
    meanQueueLength: pWait * queueLength,
    piC: Math.exp(logq[c] - logZ),
  };
}

/**
 * Σ_j w_j P(served by T | start at j) and Σ_j w_j P(gone, served or abandoned, by T | j), by uniformization
 * at rate Λ = cμ + (J+1)θ: u_k(j) = P(absorbed after k jumps), weighted by Poisson(ΛT) jump counts.
 */
function leftQueueWithin(cmu: number, theta: number, J: number, w: Float64Array, T: number) {
  if (T === 0) return { served: 0, left: 0 };
  const rate = cmu + (J + 1) * theta;
  const m = rate * T;
  const kMax = Math.ceil(m + 15 * Math.sqrt(m) + 50);
  const served = new Float64Array(J + 1);
  const left = new Float64Array(J + 1);
  const adv = new Float64Array(J + 1);
  const stay = new Float64Array(J + 1);
  const quit = theta / rate;
  for (let j = 0; j <= J; j++) {
    adv[j] = (cmu + j * theta) / rate;
    stay[j] = 1 - (cmu + (j + 1) * theta) / rate;
  }
  let totalServed = 0;
  let totalLeft = 0;
  for (let k = 1; k <= kMax; k++) {
    // Descending j so that index j - 1 still holds step k - 1.
    for (let j = J; j >= 1; j--) {
      served[j] = adv[j] * served[j - 1] + stay[j] * served[j];
      left[j] = adv[j] * left[j - 1] + quit + stay[j] * left[j];
    }
    served[0] = adv[0] + stay[0] * served[0];
    left[0] = adv[0] + quit + stay[0] * left[0];
    const weight = Math.exp(logPoissonTerm(k, m));
    if (weight === 0 && k > m) break;
    let s = 0;
    let l = 0;
    for (let j = 0; j <= J; j++) {
      s += w[j] * served[j];
      l += w[j] * left[j];
    }
    totalServed += weight * s;
    totalLeft += weight * l;
  }
  return { served: totalServed, left: totalLeft };
}
