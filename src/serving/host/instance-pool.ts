import { GodwitError } from '../../core/errors.js';
import type { VariantState } from '../../endpoints/endpoint-records.js';
import type { InferenceRequest, InferenceResponse, ModelInstance } from '../model-runtime.js';
import { newSlot, type Slot, type Waiter } from './instance-slot.js';

/** Starts the instance for one slot; `onExit` is the runtime's "it died on its own" callback. */
export type SlotStarter = (slot: number, onExit: (reason: string) => void) => Promise<ModelInstance>;

/**
 * A variant's instances: instance count is real concurrency. Each instance serves at most
 * `perInstance` requests at a time; the rest wait in one FIFO queue, so requests are served in
 * the order they came. An instance that dies fails its in-flight requests with
 * `E_CONTAINER_DIED` (they never hang) and is replaced by a fresh one.
 */
export class InstancePool {
  private slots: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private inFlight = 0;
  private closing = false;
  private idle: (() => void) | undefined;
  private nextIndex = 0;
  /** Instances being started: queued requests wait for them rather than fail. */
  protected starting = 0;

  constructor(
    private readonly start: SlotStarter,
    private readonly perInstance = 1,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Starts `count` instances; if one fails to start, the others are closed and the error thrown. */
  async open(count: number): Promise<void> {
    const started = await Promise.allSettled(Array.from({ length: count }, () => this.startSlot()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.close();
      throw failed.reason;
    }
  }

  /** Instances serving now, and requests being served (queued ones not counted). */
  stats(): { instances: number; inFlight: number; queued: number } {
    return { instances: this.slots.length, inFlight: this.inFlight, queued: this.queue.length };
  }

  /** Instances serving now (no allocation: read on every request for the metrics). */
  get size(): number {
    return this.slots.length;
  }

  invoke(request: InferenceRequest): Promise<InferenceResponse> {
    const slot = this.free();
    if (slot) return this.run(slot, request);
    if (this.closing) return Promise.reject(new GodwitError('E_CONTAINER_DIED', 'The variant is shutting down.'));
    return new Promise((resolve, reject) => this.queue.push({ request, resolve, reject }));
  }

  /**
   * Serves `request` on this thread at once when nobody waits in the queue, an instance is free
   * and it answers synchronously (`ModelInstance.invokeNow`): no promise, no slot bookkeeping
   * left behind. Undefined when that is not so: the caller then uses `invoke`. Throws what the
   * instance throws. While closing it declines, so draining stays `invoke`'s business.
   */
  invokeNow(request: InferenceRequest): InferenceResponse | undefined {
    if (this.queue.length > 0 || this.closing) return undefined;
    const slot = this.free();
    const instance = slot?.instance;
    if (instance?.invokeNow === undefined) return undefined;
    return instance.invokeNow(request);
  }

  /** Applies a variant's recorded state: its instance count (a serverless pool its limits instead). */
  async apply(state: VariantState): Promise<void> {
    if (this.slots.length !== state.instanceCount) await this.resize(state.instanceCount);
  }

  /** The variant's state as this pool serves it, for the endpoint's record. */
  state(variantName: string, weight: number): VariantState {
    return { variantName, weight, instanceCount: this.slots.length };
  }

  /** Grows or shrinks to `count` instances; a removed instance finishes what it serves, then closes. */
  async resize(count: number): Promise<void> {
    const up = this.slots.filter((s) => s.state === 'up');
    if (count > up.length) {
      await Promise.all(Array.from({ length: count - up.length }, () => this.startSlot()));
    } else {
      for (const slot of up.slice(count)) this.retire(slot);
    }
  }

  /** Stops taking requests, lets queued and in-flight ones finish, then closes every instance. */
  async close(): Promise<void> {
    this.closing = true;
    const drained = new Promise<void>((resolve) => (this.idle = resolve));
    this.pump();
    await drained;
    const slots = this.slots;
    this.slots = [];
    await Promise.allSettled(slots.map((s) => s.instance.close()));
  }

  private free(): Slot | undefined {
    for (const slot of this.slots) if (slot.state === 'up' && slot.busy < this.perInstance) return slot;
    return undefined;
  }

  /**
   * Serves `request` on `slot`; settles once, with the instance's answer or its death. No async
   * wrapper and no `Promise.race`: one promise per request on the hot path.
   */
  private run(slot: Slot, request: InferenceRequest): Promise<InferenceResponse> {
    slot.busy++;
    this.inFlight++;
    return new Promise<InferenceResponse>((resolve, reject) => {
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        slot.calls.delete(fail);
        slot.busy--;
        this.inFlight--;
        this.pump();
        return true;
      };
      const fail = (err: unknown) => {
        if (settle()) reject(err);
      };
      slot.calls.add(fail);
      let answer: Promise<InferenceResponse>;
      try {
        answer = slot.instance.invoke(request);
      } catch (err) {
        fail(err);
        return;
      }
      answer.then((response) => {
        if (settle()) resolve(response);
      }, fail);
    });
  }

  /** Hands queued requests to free instances; resolves `close()` once nothing is left. */
  protected pump(): void {
    while (this.queue.length > 0) {
      const slot = this.free();
      if (!slot) break;
      const waiter = this.queue.shift() as Waiter;
      this.run(slot, waiter.request).then(waiter.resolve, waiter.reject);
    }
    if (this.queue.length > 0 && !this.slots.some((s) => s.state === 'up') && !this.starting) this.failQueue();
    if (this.idle && this.inFlight === 0 && this.queue.length === 0) this.idle();
  }

  protected async startSlot(index = this.nextIndex++): Promise<void> {
    this.starting++;
    try {
      const slot = newSlot(index);
      slot.instance = await this.start(index, (reason) => this.onDeath(slot, reason));
      if (this.closing) {
        await slot.instance.close();
        return;
      }
      this.slots.push(slot);
    } finally {
      this.starting--;
    }
    this.pump();
  }

  private onDeath(slot: Slot, reason: string): void {
    if (slot.state !== 'up') return;
    slot.state = 'dead';
    slot.kill(reason);
    this.slots = this.slots.filter((s) => s !== slot);
    this.log(`instance ${slot.index} died (${reason}); starting a replacement`);
    if (this.closing) {
      this.pump();
      return;
    }
    this.startSlot(slot.index).catch((err) => {
      this.log(`instance ${slot.index} could not be replaced: ${(err as Error).message}`);
      this.pump();
    });
  }

  private retire(slot: Slot): void {
    slot.state = 'retired';
    this.slots = this.slots.filter((s) => s !== slot);
    // `close()` waits for the instance's in-flight requests itself (ModelInstance's contract).
    slot.instance.close().catch(() => {});
  }

  protected failQueue(
    err = new GodwitError('E_CONTAINER_DIED', 'No instance of the variant is running to serve the request.'),
  ): void {
    for (const waiter of this.queue.splice(0)) waiter.reject(err);
  }
}
