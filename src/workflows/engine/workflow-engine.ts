import type { Json, StateMachineDefinition } from '../asl/asl-types.js';
import type { StoredExecution } from '../workflow-catalog.js';
import { parseDefinition } from './definition-check.js';
import { ExecutionRun } from './execution-run.js';
import { type RunDeps, RunStop } from './run-deps.js';

/**
 * The executions running in this process. `launch` runs an execution from recorded progress
 * (a new one from its first state, a recovered one from where it stood), with its `TimeoutSeconds`
 * on the clock from the recorded deadline. `close` stops every run without recording anything,
 * so the executions stay RUNNING and the next engine's `recover` resumes them: exactly what a
 * crash leaves.
 */
export class WorkflowEngine {
  private readonly runs = new Map<string, { readonly run: ExecutionRun; readonly done: Promise<void> }>();
  private closed = false;

  constructor(private readonly deps: RunDeps) {}

  isRunning(arn: string): boolean {
    return this.runs.has(arn);
  }

  launch(execution: StoredExecution, recorded: ReadonlyMap<string, Json>, definition?: StateMachineDefinition): void {
    if (this.closed || this.runs.has(execution.executionArn)) return;
    const run = new ExecutionRun(this.deps, execution, definition ?? parseDefinition(execution.definition), recorded);
    // Most executions have no TimeoutSeconds, and an AbortController made and aborted for each cost ~0.1 ms.
    const timer = execution.deadline ? new AbortController() : undefined;
    if (execution.deadline && timer) {
      run.sleepUntil(execution.deadline, timer.signal).then(
        () =>
          run.controller.abort(new RunStop('timed-out', 'States.Timeout', 'The execution ran longer than its TimeoutSeconds.')),
        () => {},
      );
    }
    const done = run.run().finally(() => {
      timer?.abort();
      this.runs.delete(execution.executionArn);
    });
    this.runs.set(execution.executionArn, { run, done });
  }

  /** Resumes an execution from its recorded progress (a no-op when it runs here already). */
  async resume(arn: string): Promise<void> {
    if (this.closed || this.runs.has(arn)) return;
    const execution = await this.deps.catalog.getExecution(arn);
    if (execution?.status !== 'RUNNING') return;
    this.launch(execution, await this.deps.catalog.frames(arn));
  }

  /** Aborts a run here (ABORTED, its tasks' signals aborted); false when it does not run here. */
  stop(arn: string, reason: { readonly error?: string; readonly cause?: string }): boolean {
    const entry = this.runs.get(arn);
    if (!entry) return false;
    entry.run.controller.abort(new RunStop('aborted', reason.error, reason.cause));
    return true;
  }

  /** Resolves when the execution's run here is over; undefined when it does not run here. */
  ended(arn: string): Promise<void> | undefined {
    return this.runs.get(arn)?.done;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.runs.values()];
    for (const { run } of all) {
      run.journal.seal();
      run.controller.abort(new RunStop('closing'));
    }
    await Promise.allSettled(all.map((r) => r.done));
  }
}
