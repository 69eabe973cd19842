import type { Json } from '../asl/asl-types.js';
import { HistoryRow } from '../history-row.js';
import type { ExecutionEnd, WorkflowCatalog } from '../workflow-catalog.js';
import type { Frame, Progress } from './progress.js';

/** Thrown into a run when its execution stopped being RUNNING elsewhere (StopExecution in another process). */
export class ExecutionGone extends Error {
  constructor(arn: string) {
    super(`Execution ${arn} is no longer running.`);
    this.name = 'ExecutionGone';
  }
}

/** Moves buffered before a commit is forced: bounds memory, and the work a crash makes the engine redo. */
const GROUP = 5000;

/**
 * An execution's write-ahead record. The engine buffers each move (history events, the frame
 * progress it leaves) and commits the buffer in one transaction before anything outside the
 * engine can observe the move: before a Task is called, a Wait sleeps, a token is waited for,
 * and at the end. Moves between those points (Pass, Choice, state entries, Map iterations of
 * such states) are pure functions of recorded progress, so a crash before their group commits
 * only makes a restarted engine compute them again from the last commit. Commits are serialised
 * and each one takes everything buffered, so every commit is a consistent snapshot of all frames.
 */
export class Journal {
  private events = new HistoryRow();
  private frames = new Map<string, Json | null>();
  private tokens: { token: string; stateName: string; at: Date }[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private sealed = false;

  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly arn: string,
    private nextId: number,
  ) {}

  /** Buffers a history event after the frame's last one; answers its id. */
  event(frame: Frame | undefined, timestamp: Date, type: string, details?: Readonly<Record<string, Json>>): number {
    const id = this.nextId++;
    this.events.add(id, frame ? frame.progress.last : id - 1, timestamp, type, details);
    if (frame) frame.progress.last = id;
    return id;
  }

  /** Buffers a state's entry (`{name, input}`) or exit (`{name, output}`) event after the frame's last one; answers its id. */
  stateEvent(frame: Frame, timestamp: Date, type: string, name: string, field: 'input' | 'output', text: string): number {
    const id = this.nextId++;
    this.events.addState(id, frame.progress.last, timestamp, type, name, field, text);
    frame.progress.last = id;
    return id;
  }

  /** Buffers the frame's progress as its row (replacing an earlier buffered one). */
  put(frame: Frame, progress: Progress = frame.progress): void {
    frame.progress = progress;
    this.frames.set(frame.id, progress as unknown as Json);
  }

  drop(frameId: string): void {
    this.frames.set(frameId, null);
  }

  token(token: string, stateName: string, at: Date): void {
    this.tokens.push({ token, stateName, at });
  }

  /** Enough moves are buffered to commit them (between effects the engine may group moves). */
  get due(): boolean {
    return this.events.length >= GROUP;
  }

  /** Refuses every later commit: the engine is closing, and what it has not recorded it must not record now. */
  seal(): void {
    this.sealed = true;
  }

  /** Commits everything buffered, in order after earlier commits; throws `ExecutionGone` when the execution ended elsewhere. */
  async commit(end?: ExecutionEnd): Promise<void> {
    if (this.sealed) throw new ExecutionGone(this.arn);
    if (this.events.length === 0 && this.frames.size === 0 && !end) return this.chain.then(() => undefined);
    const batch = { events: this.events, frames: this.frames, tokens: this.tokens, ...(end ? { end } : {}) };
    this.events = new HistoryRow();
    this.frames = new Map();
    this.tokens = [];
    const done = this.chain.then(async () => {
      if (!(await this.catalog.commit(this.arn, batch))) throw new ExecutionGone(this.arn);
    });
    this.chain = done.catch(() => {});
    await done;
  }
}
