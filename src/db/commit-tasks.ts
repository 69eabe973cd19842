import type { SqlDatabase } from './sql-database.js';

type Task = (tx: SqlDatabase) => Promise<void>;

/**
 * The tasks a transaction (or a savepoint inside it) defers to its commit (`SqlDatabase.atCommit`).
 * A savepoint's tasks pass to its parent when it is released and are dropped when it rolls back;
 * the outermost transaction runs them, in order, before COMMIT.
 */
export class CommitTasks {
  private readonly tasks: Task[] = [];

  defer(task: Task): Promise<void> {
    this.tasks.push(task);
    return Promise.resolve();
  }

  /** A released savepoint's tasks, after this transaction's own. */
  adopt(child: CommitTasks): void {
    this.tasks.push(...child.tasks.splice(0));
  }

  /** Runs every task on `tx`, including those a task defers while running. */
  async run(tx: SqlDatabase): Promise<void> {
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) await task(tx);
  }
}
