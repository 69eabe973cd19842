import { EventEmitter } from 'node:events';
import type { Clock } from '../../core/clock.js';
import type { TaskTokenRecord, WorkflowCatalog } from '../workflow-catalog.js';

/**
 * Waits for `.waitForTaskToken` tokens to settle. A token settled in this process (the server's
 * Step Functions door) wakes its waiter at once through `notify`; one settled by another process
 * (`godwit workflow` CLI on the same home) is seen by polling the token's row every `pollMs` on
 * the engine's clock. Heartbeats arrive the same two ways.
 */
export class TokenWaits {
  private readonly wakes = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly clock: Clock,
    private readonly pollMs = 1000,
  ) {}

  /** A token changed here (settled or heartbeat): its waiter looks again now. */
  notify(token: string): void {
    this.wakes.emit(token);
  }

  /** Resolves with the settled token; calls `beat` for each new heartbeat; rejects when `signal` aborts. */
  async settled(token: string, signal: AbortSignal, beat: () => void): Promise<TaskTokenRecord> {
    let lastBeat: number | undefined;
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const record = await this.catalog.getTaskToken(token);
      if (record && record.status !== 'WAITING') return record;
      const at = record?.heartbeatAt?.getTime();
      if (at !== undefined && at !== lastBeat) {
        if (lastBeat !== undefined || at >= 0) beat();
        lastBeat = at;
      }
      await this.nextLook(token, signal);
    }
  }

  private async nextLook(token: string, signal: AbortSignal): Promise<void> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let wake = () => {};
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          this.wakes.once(token, wake);
        }),
        this.clock.sleep(this.pollMs, stop.signal).catch(() => {}),
      ]);
    } finally {
      this.wakes.off(token, wake);
      signal.removeEventListener('abort', onAbort);
      stop.abort();
    }
  }
}
