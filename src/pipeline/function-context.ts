import type { JsonValue, ParameterValue } from './ir.js';

/** What an in-process function step receives. Paths are local folders. */
export interface FunctionContext {
  /** Local folder of each input artifact, by input name. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Local folder to write each output artifact into, by output name. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The step's `args`, resolved. */
  readonly args: Readonly<Record<string, ParameterValue>>;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly runId: string;
  readonly stepName: string;
  /** Aborted when the run is stopped or the step times out. */
  readonly signal: AbortSignal;
  /** Writes a line to the step's log. */
  log(message: string): void;
}

/** Optional result: metrics, recorded on the step and usable in conditions. */
export interface FunctionResult {
  readonly metrics?: Readonly<Record<string, number>>;
  readonly [key: string]: JsonValue | Readonly<Record<string, number>> | undefined;
}

export type StepFunction = (ctx: FunctionContext) => void | FunctionResult | Promise<void | FunctionResult>;
