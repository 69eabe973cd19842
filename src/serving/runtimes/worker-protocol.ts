/**
 * Messages between a worker-thread instance (`worker-instance.ts`) and its worker
 * (`worker-entry.ts`). Bodies travel as transferred `ArrayBuffer`s of exactly their bytes, so a
 * request or response is copied once, never cloned with the pool it was sliced from.
 */
import type { ErrorCode } from '../../core/errors.js';
import type { StartOptions } from '../model-runtime.js';

/**
 * What the worker is started with (`workerData`): the runtime whose modules it loads at once. It
 * loads a model only when told to (`start`), so a worker can be started ahead, as a spare.
 */
export interface WorkerBoot {
  readonly runtime: string;
}

/** What is cloneable of `StartOptions`: the instance's model and folders. */
export type WorkerStartOptions = Pick<StartOptions, 'container' | 'modelDir' | 'home' | 'workDir'>;

export interface SerializedError {
  readonly code?: ErrorCode;
  readonly message: string;
  readonly hint?: string;
}

export type ToWorker =
  | { readonly type: 'start'; readonly options: WorkerStartOptions }
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly body: ArrayBuffer;
      readonly contentType: string;
      readonly accept?: string;
      readonly customAttributes?: string;
    }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'start-failed'; readonly error: SerializedError }
  | { readonly type: 'closed' }
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly body?: ArrayBuffer;
      readonly contentType?: string;
      readonly customAttributes?: string;
      readonly error?: SerializedError;
    };

/** The bytes of `view` in an ArrayBuffer of their own, ready to transfer. */
export function ownBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer) {
    // Already exactly its bytes; still copied, because the sender may keep using it (capture does).
    return view.buffer.slice(0);
  }
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

export function serializeError(err: unknown): SerializedError {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; hint?: unknown };
  if (e?.name === 'GodwitError' && typeof e.code === 'string') {
    return { code: e.code as ErrorCode, message: String(e.message), hint: typeof e.hint === 'string' ? e.hint : undefined };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
