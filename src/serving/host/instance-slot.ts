import { GodwitError } from '../../core/errors.js';
import type { InferenceRequest, InferenceResponse, ModelInstance } from '../model-runtime.js';

/** One instance of a variant's pool and what it is doing. */
export interface Slot {
  readonly index: number;
  instance: ModelInstance;
  busy: number;
  /** Rejects (once) when the instance dies, failing whatever it was serving. */
  readonly died: Promise<never>;
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
  let kill: (reason: string) => void = () => {};
  const died = new Promise<never>((_, reject) => {
    kill = (reason) =>
      reject(new GodwitError('E_CONTAINER_DIED', `Instance ${index} died with the request in flight: ${reason}`));
  });
  // Nobody may be serving when it dies: the rejection is then nobody's to handle.
  died.catch(() => {});
  return { index, busy: 0, died, kill, state: 'up', instance: undefined as unknown as ModelInstance };
}
