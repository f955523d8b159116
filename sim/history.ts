/**
 * Simulated history for the value model (engine/value-model.ts): past customers, generated exactly
 * like the current population but from their own seed derivation, whose lifetime value is known
 * after the fact. The realised value is the customer's hidden lifetime value times realisation
 * noise (a lognormal multiplier with mean 1, keyed by customer index), because what a customer
 * ends up spending is never exactly the world's expectation of it.
 *
 * The engine never imports this module: the simulator hands `simulateHistory` to the engine as a
 * callback (see `valueModelForScenario`), and the engine trains on observations and realised values
 * only, the data a center would have about its past customers.
 *
 * Seeds: `seedFor(seed, 'history')` for the training history and `seedFor(seed, 'history-holdout')`
 * for a held-out sample; the live population uses the scenario seed itself, so the three sets are
 * unrelated draws from the same world.
 */
import type { CustomerObservations } from '../engine/observations.ts';
import { loadOrTrainDefaultValueModel, type DefaultValueModelOptions, type ValueModel } from '../engine/value-model.ts';
import type { CustomersSpec } from '../scenarios/world-schema.ts';
import { CustomerPopulation } from './customers.ts';
import { Dist } from './random/dist.ts';
import { KeyedStream } from './random/stream.ts';

/** Coefficient of variation of the realisation noise on lifetime value. */
export const REALISATION_CV = 0.25;

/** Replication number used to derive seeds (never a real replication). */
const DERIVATION = 0x7ffffffe;

/** A 32-bit seed derived from (seed, name): unrelated to `seed` itself and to other names. */
export function seedFor(seed: number, name: string): number {
  return new KeyedStream(seed >>> 0, DERIVATION, `seed-for:${name}`).k0 >>> 0;
}

export interface SimulatedHistory {
  /** The past customers as the CRM knew them (the CustomerPopulation itself; its hidden side stays unread by the engine). */
  readonly observations: CustomerObservations;
  /** Realised lifetime value per customer (currency units, > 0). */
  readonly targets: Float32Array;
  /** The population behind it, for tests and diagnostics (hidden truth included). */
  readonly population: CustomerPopulation;
}

/** `n` past customers for training (default: the spec's population size). */
export function simulateHistory(spec: CustomersSpec, seed: number, n = spec.count): SimulatedHistory {
  return simulate(spec, seedFor(seed, 'history'), n);
}

/** `n` held-out past customers (another derivation), for evaluating a model trained on simulateHistory. */
export function simulateHoldout(spec: CustomersSpec, seed: number, n = spec.count): SimulatedHistory {
  return simulate(spec, seedFor(seed, 'history-holdout'), n);
}

function simulate(spec: CustomersSpec, derivedSeed: number, n: number): SimulatedHistory {
  const population = new CustomerPopulation(spec, derivedSeed, n);
  const noise = new Dist({ dist: 'lognormal', mean: 1, cv: REALISATION_CV });
  const stream = new KeyedStream(derivedSeed, 0, 'history-realisation');
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) targets[i] = population.lifetimeValue[i] * noise.sample(stream, i);
  return { observations: population, targets, population };
}

/**
 * The value model for a scenario's population: loaded from `options.dir` or the cache when present,
 * else trained on `simulateHistory(spec, seed, trainSize)` and saved. Deterministic per backend.
 */
export function valueModelForScenario(spec: CustomersSpec, seed: number, options: Omit<DefaultValueModelOptions, 'history'> = {}): Promise<ValueModel> {
  return loadOrTrainDefaultValueModel(spec, seed, { ...options, history: (n) => simulateHistory(spec, seed, n) });
}
