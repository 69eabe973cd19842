import type { LogReader } from '../../../logs/log-reader.js';

/** What the CloudWatch Logs actions need: the home's logs, read through the `logs` capability. */
export interface LogsContext {
  readonly logs: LogReader;
}
