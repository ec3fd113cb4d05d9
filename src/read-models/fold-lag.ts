/** How long events took to reach the views, over the last events folded. */
export interface FoldLagSummary {
  /** Events counted: those recorded since the process started, at most the last `FOLD_LAG_KEPT`. */
  events: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export const FOLD_LAG_KEPT = 8_192;

/**
 * The time from each event's recording to its being folded into the views in memory, over the last
 * `FOLD_LAG_KEPT` events. Events recorded before `since` (what a start-up replays) are not counted: their
 * lag is the server's downtime, not its catching up.
 */
export class FoldLag {
  private readonly lags = new Float64Array(FOLD_LAG_KEPT);
  private count = 0;

  constructor(
    private readonly since = Date.now(),
    private readonly now: () => number = Date.now,
  ) {}

  folded(recordedAt: string): void {
    const recorded = Date.parse(recordedAt);
    if (!(recorded >= this.since)) return;
    this.lags[this.count++ % FOLD_LAG_KEPT] = Math.max(0, this.now() - recorded);
  }

  summary(): FoldLagSummary {
    const kept = this.lags.slice(0, Math.min(this.count, FOLD_LAG_KEPT)).sort();
    // Nearest rank.
    const at = (p: number) => (kept.length ? kept[Math.ceil((p / 100) * kept.length) - 1] : null);
    return { events: kept.length, p50Ms: at(50), p99Ms: at(99) };
  }
}
