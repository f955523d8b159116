/**
 * The checkpoint of a sweep: one file per finished task, `tasks/<task id>.json`, written to a
 * temporary file, fsynced and renamed into place, so after a crash or SIGKILL every file present is
 * complete and every task that was not renamed yet simply runs again. One file per task also makes
 * shards trivial to merge (copy the files) and concurrent writers harmless (same id, same content).
 * The encoding is exact: typed arrays as their bytes (little-endian, like every machine ccsim runs
 * on), and NaN, ±Infinity and -0 tagged, so a result read back equals the result computed.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(v: unknown): TypedName | null {
  if (!ArrayBuffer.isView(v)) return null;
  const name = v.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

/** JSON that round-trips typed arrays and every number exactly. */
export function encodeExact(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    // The replacer sees raw values, so NaN, ±Infinity and -0 are tagged before JSON would turn them into null or 0.
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
    const name = typedName(v);
    if (name) {
      const t = v as Typed;
      return { $typed: name, base64: Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64') };
    }
    return v;
  });
}

export function decodeExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$number === 'string' && Object.keys(o).length === 1) return o.$number === '-0' ? -0 : Number(o.$number);
    if (typeof o.$typed === 'string' && typeof o.base64 === 'string' && o.$typed in TYPED) {
      const bytes = Uint8Array.from(Buffer.from(o.base64, 'base64')); // a fresh, aligned buffer
      return new TYPED[o.$typed as TypedName](bytes.buffer);
    }
    return v;
  });
}

/** Makes the rename durable where the platform allows it (Windows cannot open a folder for fsync). */
function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here: the file itself is already on disk
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export interface StoredTask<T> {
  id: string;
  /** What the task was, for people and tools reading the checkpoint (not used to resume). */
  about: Record<string, unknown>;
  result: T;
}

export class TaskStore<T> {
  readonly dir: string;
  private readonly finished: Set<string>;

  /** Opens (creating) `dir`, removes temporary files a killed run left, and lists the finished tasks. */
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    this.finished = new Set();
    for (const f of readdirSync(dir)) {
      if (f.startsWith('.tmp-')) rmSync(join(dir, f), { force: true });
      else if (f.endsWith('.json')) this.finished.add(f.slice(0, -5));
    }
  }

  has(id: string): boolean {
    return this.finished.has(id);
  }

  get size(): number {
    return this.finished.size;
  }

  read(id: string): StoredTask<T> {
    return decodeExact(readFileSync(this.path(id), 'utf8')) as StoredTask<T>;
  }

  /** Durable before it is visible: write, fsync, rename, fsync the folder. */
  write(entry: StoredTask<T>): void {
    const tmp = join(this.dir, `.tmp-${entry.id}-${process.pid}`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, encodeExact(entry));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path(entry.id));
    syncFolder(this.dir);
    this.finished.add(entry.id);
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}
