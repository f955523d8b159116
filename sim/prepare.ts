/**
 * The asynchronous part of building a model: the decision models that need tfjs (the value model
 * behind prioritisation) load or train once, here, before any replication runs, and their batch
 * predictions are stored in the model. The event loop itself never awaits anything.
 */
import { IntentModel } from '../engine/intent.ts';
import { predictPopulationValues } from '../engine/value-model.ts';
import { loadOrTrainDefaultIntentModel } from './conversation/default-model.ts';
import { valueModelForScenario } from './history.ts';
import type { Model } from './model.ts';

/** Fills what compileModel could not compute synchronously. Idempotent. */
export async function prepareModel(model: Model, options: { quiet?: boolean } = {}): Promise<Model> {
  const world = model.world;
  if (world && world.priority && !world.valuesPredicted) {
    const spec = model.scenario.customers!;
    const vm = world.priority.valueModel;
    const valueModel = await valueModelForScenario(spec, model.seed, { dir: vm.dir, trainSize: vm.trainSize, epochs: vm.epochs, quiet: options.quiet });
    predictPopulationValues(valueModel, world.customers, world.profiles);
    world.valuesPredicted = true;
  }
  if (world && world.assist && world.intentModel === null) {
    world.intentModel = world.assist.model.dir ? await IntentModel.load(world.assist.model.dir) : await loadOrTrainDefaultIntentModel(model.seed);
  }
  return model;
}

/** True when a model needs prepareModel before its replications can run. */
export function needsPreparation(model: Model): boolean {
  const w = model.world;
  return w !== null && ((w.priority !== null && !w.valuesPredicted) || (w.assist !== null && w.intentModel === null));
}
