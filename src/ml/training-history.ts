/**
 * The per-iteration bookkeeping every built-in algorithm shares (see `estimator.ts`): reports in
 * order with their duration, `onIteration`, early stopping on the evaluation loss (or the training
 * loss without eval rows), and aborting between iterations.
 */
import type { IterationReport } from './estimator.js';

export interface HistoryOptions {
  readonly earlyStop: boolean;
  readonly minRelProgress: number;
  readonly onIteration?: (report: IterationReport) => void;
  readonly signal?: AbortSignal;
}

export class TrainingHistory {
  readonly reports: IterationReport[] = [];
  private last = performance.now();

  constructor(private readonly options: HistoryOptions) {
    options.signal?.throwIfAborted();
  }

  /**
   * Records the iteration that just ended; true when early stopping says to stop here. With a
   * signal it first lets the event loop run, so that a timer or a request can abort training.
   */
  async record(loss: number, evalLoss?: number, learnRate?: number): Promise<boolean> {
    const now = performance.now();
    const report: IterationReport = {
      iteration: this.reports.length + 1,
      loss,
      ...(evalLoss === undefined ? {} : { evalLoss }),
      ...(learnRate === undefined ? {} : { learnRate }),
      durationMs: now - this.last,
    };
    this.last = now;
    const previous = this.reports.at(-1);
    this.reports.push(report);
    this.options.onIteration?.(report);
    if (this.options.signal) {
      await new Promise((resolve) => setImmediate(resolve));
      this.options.signal.throwIfAborted();
    }
    if (!this.options.earlyStop || !previous) return false;
    const before = previous.evalLoss ?? previous.loss;
    const after = report.evalLoss ?? report.loss;
    // A relative progress that is NaN (a loss of 0 before) cannot be improved on either: stop.
    return !((before - after) / Math.abs(before) >= this.options.minRelProgress);
  }
}
