import type { DeploymentConfig } from './deployment-config.js';

/**
 * Where a guarded update of one endpoint is, written before each traffic shift takes effect (so
 * the split that serves is never ahead of the record) and read back by a restarted server, which
 * resumes from it. One row per endpoint while an update runs; the row goes once the update ends.
 *
 * - `shifting`: `step` (0-based) of the plan is being served: `greenShare` of requests go to
 *   the new fleet; the step's bake began at `stepStartedAt`;
 * - `terminating`: every request goes to the new fleet; the old one is kept until
 *   `stepStartedAt + terminationWaitInSeconds`, then drained and the update ends `InService`;
 * - `rolling-back`: an alarm, the execution timeout or a failed start sent every request back to
 *   the old fleet; `reason` says which. The update ends as SageMaker reports a rolled-back one.
 */
export interface RolloutProgress {
  readonly endpointName: string;
  /** The config serving before the update (blue) and the one it moves to (green). */
  readonly blueConfig: string;
  readonly greenConfig: string;
  readonly deploymentConfig: DeploymentConfig;
  readonly phase: 'shifting' | 'terminating' | 'rolling-back';
  readonly step: number;
  /** 0–1: the share of requests the new fleet serves. */
  readonly greenShare: number;
  readonly startedAt: Date;
  readonly stepStartedAt: Date;
  readonly reason?: string;
}
