/**
 * The application layer for recorded runs: what the CLI, the server's REST API and its SageMaker
 * front door all call, so none of them reads the metadata database or the store itself.
 * `run-summaries` stays light (no runtime, no store) because `godwit runs list` loads it.
 */
export { type EffectiveRunStatus, effectiveStatus } from '../meta/run-status.js';
export { loadRunReport, type RunReport, type RunServices } from './run-report.js';
export { elapsedMs, listRunSummaries, type RunQuery, type RunSummary } from './run-summaries.js';
export { readStepLog, type StepLog } from './step-log.js';
