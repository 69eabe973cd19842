import { isAbsolute, join, relative } from 'node:path';

/** An attempt's files under the run folder: its workspace, its log, and the record of its process. */
export function attemptPaths(runDir: string, step: string, attempt: number) {
  const stepDir = join(runDir, 'steps', step);
  return {
    stepDir,
    workspace: join(stepDir, `attempt-${attempt}`),
    log: join(stepDir, `attempt-${attempt}.log`),
    // Beside the log, not in the workspace: under the sandbox the workspace is the step's /opt/ml.
    process: join(stepDir, `attempt-${attempt}.process.json`),
  };
}

/** The container root every cloud contract uses. A step's workspace stands in for it. */
export const CONTAINER_ROOT = '/opt/ml';

/**
 * Where a container path lives in a step's workspace: `/opt/ml/x` is `<workspace>/x`, any other
 * absolute path is kept apart under `<workspace>/_root/` so nothing is written outside the run.
 */
export function localPathFor(workspace: string, containerPath: string): string {
  if (!isAbsolute(containerPath)) return join(workspace, containerPath);
  const rel = relative(CONTAINER_ROOT, containerPath);
  if (!rel.startsWith('..') && !isAbsolute(rel)) return join(workspace, rel);
  return join(workspace, '_root', containerPath);
}

/** `GODWIT_INPUT_TRAIN_DATA` for input `train-data`: the names scripts read their paths from. */
export function envName(prefix: string, name: string): string {
  return `${prefix}_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
