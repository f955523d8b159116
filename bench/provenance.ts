/**
 * Where a result came from: ccsim version, git commit (when run from a checkout), Node version,
 * the scenario's hash and the random generator. Read once per process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Provenance {
  ccsim: string;
  commit: string | null;
  node: string;
  scenarioHash: string;
  rng: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let cached: { version: string; commit: string | null } | null = null;

function readStatic(): { version: string; commit: string | null } {
  if (cached) return cached;
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    commit = null; // not a checkout (an installed package): the version alone identifies it
  }
  cached = { version, commit };
  return cached;
}

export function ccsimVersion(): string {
  return readStatic().version;
}

export function provenance(scenarioHash: string): Provenance {
  const s = readStatic();
  return { ccsim: s.version, commit: s.commit, node: process.version, scenarioHash, rng: 'threefry2x32-20 keyed by (seed, replication, stream, entity, draw)' };
}
