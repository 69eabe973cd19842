import { GodwitError } from '../../core/errors.js';
import type { InferenceRequest, InferenceResponse, ModelInstance } from '../model-runtime.js';

/** One instance of a variant's pool and what it is doing. */
export interface Slot {
  readonly index: number;
  instance: ModelInstance;
  busy: number;
  /**
   * How to fail each request in flight on this instance. A request adds its own and removes it
   * when settled: a per-slot "died" promise raced by every request would keep one reaction per
   * request served for the instance's whole life (a leak that showed up as GC in bench/serving).
   */
  readonly calls: Set<(err: unknown) => void>;
  /** Fails every request in flight (once) when the instance dies. */
  readonly kill: (reason: string) => void;
  state: 'up' | 'dead' | 'retired';
}

/** A request waiting for a free instance. */
export interface Waiter {
  readonly request: InferenceRequest;
  resolve(response: InferenceResponse): void;
  reject(err: unknown): void;
}

/** A slot whose instance is still to be started (the pool fills `instance`). */
export function newSlot(index: number): Slot {
  const calls = new Set<(err: unknown) => void>();
  const kill = (reason: string) => {
    const err = new GodwitError('E_CONTAINER_DIED', `Instance ${index} died with the request in flight: ${reason}`);
    // After the pool has taken the slot out and begun its replacement (see `onDeath`), so the
    // requests queued behind it wait for the new instance rather than fail.
    queueMicrotask(() => {
      for (const fail of [...calls]) fail(err);
    });
  };
  return { index, busy: 0, calls, kill, state: 'up', instance: undefined as unknown as ModelInstance };
}
