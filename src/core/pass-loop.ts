/**
 * The loop behind `godwit server`'s background runners (inference experiments, monitoring
 * schedules): run a pass, then wait until the moment the pass asked for (on the server's clock,
 * so a scaled clock shortens it), the next real tick, or a poke, whichever comes first. A pass
 * that throws is logged and the loop goes on. Constructing does nothing; `start` begins the loop.
 */
import type { Clock } from './clock.js';

export interface PassLoopOptions {
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Real milliseconds between passes when nothing is due sooner; 1 s by default. */
  readonly tickMs?: number;
  /** What the loop runs, for its log lines ("monitoring schedules"). */
  readonly name: string;
}

export class PassLoop {
  readonly #options: PassLoopOptions;
  #wake: (() => void) | undefined;
  #poked = false;
  #closed = false;
  #loop: Promise<void> | undefined;

  constructor(options: PassLoopOptions) {
    this.#options = options;
  }

  /** True once `close` was called: a pass under way stops at its next step. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Begins the loop (once); `pass` resolves with the next moment it needs, if any. */
  start(pass: () => Promise<Date | undefined>): void {
    this.#loop ??= this.#run(pass);
  }

  /** Something changed: run a pass now. */
  poke(): void {
    this.#poked = true;
    this.#wake?.();
  }

  /** Stops after the pass under way. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    await this.#loop;
  }

  async #run(pass: () => Promise<Date | undefined>): Promise<void> {
    while (!this.#closed) {
      this.#poked = false;
      let next: Date | undefined;
      try {
        next = await pass();
      } catch (err) {
        this.#options.log(`${this.#options.name}: ${(err as Error).message}`);
      }
      if (!this.#poked && !this.#closed) await this.#wait(next);
    }
  }

  async #wait(next: Date | undefined): Promise<void> {
    const { clock, tickMs = 1000 } = this.#options;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const waits: Promise<unknown>[] = [
      new Promise<void>((resolve) => {
        this.#wake = resolve;
        timer = setTimeout(resolve, tickMs).unref();
      }),
    ];
    if (next) waits.push(clock.sleep(Math.max(0, next.getTime() - clock.now().getTime()), abort.signal).catch(() => {}));
    await Promise.race(waits);
    clearTimeout(timer);
    abort.abort();
    this.#wake = undefined;
  }
}
