import type { Caller } from '../governance/governance-records.js';
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
  /**
   * The environment a step process of this run gets: Godwit's, plus the S3 endpoint, region and
   * local credentials when the run reaches S3 (`AWS_ENDPOINT_URL_S3`, …), for an SDK client the
   * function makes. `process.env` is Godwit's own and does not have them.
   */
  readonly env: Readonly<NodeJS.ProcessEnv>;
  /**
   * Who the run acts as: a principal (`godwit run --as P`) or the local user. Code that reads
   * governed data on its own passes it to the catalog's checks.
   */
  readonly caller: Caller;
}

/** Optional result: metrics, recorded on the step and usable in conditions. */
export interface FunctionResult {
  readonly metrics?: Readonly<Record<string, number>>;
  readonly [key: string]: JsonValue | Readonly<Record<string, number>> | undefined;
}

export type StepFunction = (ctx: FunctionContext) => void | FunctionResult | Promise<void | FunctionResult>;
