/**
 * Supervisor alerts on customer sentiment. During a human conversation the engine reads a
 * sentiment score from each customer turn (in production: a sentiment model over the transcript,
 * speech rate, raised voice), smooths it, and raises an alert the first time the estimate falls
 * below the threshold: the agent is shown a calming script, and a free supervisor is asked to join.
 * It sees only the noisy per-turn scores, never the customer's true sentiment.
 *
 * One monitor serves every call in turn (state is a few numbers; no allocation per call).
 */

export interface SupervisionConfig {
  /** Alert when the estimate falls below this (-1..1). */
  threshold: number;
  /** Weight of the newest score in the running estimate (exponential smoothing, 0..1]. */
  smoothing: number;
}

export class SentimentMonitor {
  private readonly threshold: number;
  private readonly alpha: number;
  private estimate = 0;
  private turns = 0;
  private alerted = false;

  constructor(config: SupervisionConfig) {
    if (!(config.smoothing > 0 && config.smoothing <= 1)) throw new RangeError('smoothing must be in (0, 1]');
    this.threshold = config.threshold;
    this.alpha = config.smoothing;
  }

  /** A new conversation starts. */
  start(): void {
    this.turns = 0;
    this.alerted = false;
  }

  /** The score read from the next customer turn; true when this turn raises the call's (only) alert. */
  observe(score: number): boolean {
    this.estimate = this.turns === 0 ? score : this.alpha * score + (1 - this.alpha) * this.estimate;
    this.turns++;
    if (this.alerted || this.estimate >= this.threshold) return false;
    this.alerted = true;
    return true;
  }

  /** The current estimate. */
  get value(): number {
    return this.estimate;
  }
}

/** Should a supervisor join? One does whenever one is free: an alert is rare and worth the time. */
export function supervisorJoins(free: number): boolean {
  return free > 0;
}
