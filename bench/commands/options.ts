/** Option parsers and errors shared by the commands. */
import { InvalidArgumentError, Option } from 'commander';

/** A mistake in how ccsim was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

export function parseInteger(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got "${value}"`);
    return n;
  };
}

export function parseNumber(name: string, min: number, exclusive = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || (exclusive && n === min)) {
      throw new InvalidArgumentError(`${name} must be a number ${exclusive ? '>' : '>='} ${min}, got "${value}"`);
    }
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const seedOption = () => new Option('--seed <n>', 'override the scenario seed').argParser(parseInteger('--seed', 0));
export const replicationsOption = () => new Option('--replications <n>', 'override the number of replications').argParser(parseInteger('--replications', 1));
export const setOption = () => new Option('--set <path=value>', 'override a scenario field, e.g. --set agents.0.count=95 (repeatable)').argParser(collect);
export const workersOption = () =>
  new Option('--workers <n>', 'worker threads for the replications (default: one per core; 1 runs in this thread)').argParser(parseInteger('--workers', 1));

/** A command that ran but wants a non-zero exit status (e.g. a benchmark regression); its output is already printed. */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit status ${code}`);
  }
}
