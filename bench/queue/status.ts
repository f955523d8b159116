/**
 * The submitter's status on a terminal: tasks done, running and failed in the current stage, and
 * what each worker process has delivered, redrawn in place a few times a second on stderr. Nothing
 * is drawn when stderr is not a terminal (CI logs, pipes) or under --json.
 */
export interface WorkerLine {
  name: string;
  tasks: number;
  perSecond: number;
}

export interface StatusCounts {
  label: string;
  total: number;
  done: number;
  running: number;
  failed: number;
  workers: WorkerLine[];
}

const MAX_WORKER_LINES = 8;

/** The lines to draw (pure, for tests). */
export function statusLines(queue: string, c: StatusCounts, width = 100): string[] {
  const rate = c.workers.reduce((s, w) => s + w.perSecond, 0);
  const head = `${c.label} via ${queue}: ${c.done}/${c.total} done, ${c.running} running, ${c.failed} failed, ${c.workers.length} worker${c.workers.length === 1 ? '' : 's'}, ${rate.toFixed(2)} tasks/s`;
  const sorted = [...c.workers].sort((a, b) => b.tasks - a.tasks || a.name.localeCompare(b.name));
  const nameWidth = Math.max(0, ...sorted.slice(0, MAX_WORKER_LINES).map((w) => w.name.length));
  const lines = [head, ...sorted.slice(0, MAX_WORKER_LINES).map((w) => `  ${w.name.padEnd(nameWidth)}  ${String(w.tasks).padStart(6)} tasks  ${w.perSecond.toFixed(2).padStart(7)}/s`)];
  if (sorted.length > MAX_WORKER_LINES) lines.push(`  and ${sorted.length - MAX_WORKER_LINES} more`);
  return lines.map((l) => (l.length > width ? `${l.slice(0, Math.max(0, width - 1))}…` : l));
}

export class QueueStatus {
  private drawn = 0;
  private latest: StatusCounts | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly queue: string,
  ) {
    // Redrawn on a timer rather than per event, so thousands of results do not flood the terminal.
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
  }

  update(counts: StatusCounts): void {
    this.latest = counts;
    if (this.drawn === 0) this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    // Cursor to the first drawn line, then erase to the end of the screen.
    if (this.drawn > 0) this.stream.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.latest) return;
    const lines = statusLines(this.queue, this.latest, Math.max(20, (this.stream.columns || 100) - 1));
    this.clear();
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}
