import type { Json, JsonObject, StateMachineDefinition } from '../asl/asl-types.js';

/**
 * The engine's durable progress: one `Progress` per thread ("frame") of an execution, stored as a
 * row of `sfn_frames` keyed by the frame's id. The top level is `""`; a Parallel branch or Map
 * iteration is `<parent>/<state>:<index>`. A frame's row always says where the thread stands
 * after the history events recorded with it, so a restarted engine resumes from it.
 */
export interface Progress {
  /** The state the frame is in (entered: its `…StateEntered` event is recorded). */
  readonly state: string;
  /** The state's raw input. */
  readonly input: Json;
  /** How many states this frame has entered: with `attempt`, the idempotency token's seed. */
  readonly step: number;
  /** When the state was entered (ISO time): `$$.State.EnteredTime`. */
  readonly entered: string;
  /** The frame's own workflow variables. */
  readonly vars?: Readonly<Record<string, Json>>;
  /** The id of the state's `…StateEntered` event (error causes name it, as Step Functions' do). */
  readonly entry?: number;
  /**
   * The frame's last history event: the next event's `previousEventId`. The one field updated in
   * place (every event moves it): a row buffered for commit then carries the latest value, which
   * matches the events committed with it.
   */
  last: number;
  /** Where inside the state the frame is; absent right after entry. */
  readonly phase?: Phase;
  /** Retries so far for this state entry, per retrier (Retry counters survive restarts). */
  readonly retries?: readonly number[];
  /** The frame ended (a finished branch or iteration, waiting for its siblings). */
  readonly done?: { readonly output: Json } | { readonly error: string; readonly cause: string };
}

export type Phase =
  | { readonly kind: 'wait'; readonly until: string }
  | { readonly kind: 'retry'; readonly until: string; readonly attempt: number }
  | TaskPhase
  | { readonly kind: 'parallel'; readonly attempt: number; readonly input: Json }
  | MapPhase;

export interface TaskPhase {
  readonly kind: 'task';
  readonly attempt: number;
  readonly idempotencyToken: string;
  readonly parameters: Json;
  readonly taskToken?: string;
  /** When `TimeoutSeconds` runs out (ISO time), from scheduling: it survives restarts. */
  readonly deadline?: string;
  readonly heartbeatSeconds?: number;
  /** A `.waitForTaskToken` call returned: the token is out, only the wait remains. */
  readonly submitted?: boolean;
}

export interface MapPhase {
  readonly kind: 'map';
  readonly attempt: number;
  readonly items: readonly Json[];
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage?: number;
  readonly toleratedFailureCount?: number;
  readonly mapRunArn?: string;
}

/** A running frame: its recorded progress (replaced, never mutated) and where it sits in the execution. */
export interface Frame {
  readonly id: string;
  /** The states it runs: the machine, a Parallel branch or a Map's item processor. */
  readonly machine: StateMachineDefinition;
  progress: Progress;
  /** Variables visible from outer scopes (none in a distributed Map's iterations). */
  readonly outer: Readonly<Record<string, Json>>;
  readonly signal: AbortSignal;
  /** Extra context for `$$` (a Map iteration's `Map.Item`). */
  readonly context?: JsonObject;
  /**
   * The JSON text `enter` recorded for `progress.input` (absent in a frame resumed from its row):
   * a Pass state whose output is its input object records it without making the text again.
   */
  inputText?: string;
}
