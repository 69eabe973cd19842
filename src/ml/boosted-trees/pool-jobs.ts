/**
 * The work a thread of the pool does, by kind; the calling thread and the workers run the same
 * functions on shared memory, so results do not depend on how the work was shared out.
 */
import { type CutsTask, cutsJob, type EncodeTask, encodeJob } from './binning.js';
import { type GradientTask, gradientJob } from './gradient-pass.js';
import { type ClaimedHistTask, claimedHistJob } from './histogram.js';
import { type LeavesTask, leavesJob } from './leaf-values.js';
import { type LevelTask, levelJob } from './level-job.js';
import { type SplitsTask, splitsJob } from './level-splits.js';
import { type PartitionTask, partitionJob } from './partition.js';

export interface PoolJobs {
  hist: { task: ClaimedHistTask; result: Int32Array };
  cuts: { task: CutsTask; result: ReturnType<typeof cutsJob> };
  encode: { task: EncodeTask; result: undefined };
  partition: { task: PartitionTask; result: Int32Array };
  gradients: { task: GradientTask; result: Float64Array };
  level: { task: LevelTask; result: undefined };
  splits: { task: SplitsTask; result: Float64Array };
  leaves: { task: LeavesTask; result: undefined };
}

export type JobKind = keyof PoolJobs;
export type JobTask<K extends JobKind> = PoolJobs[K]['task'];
export type JobResult<K extends JobKind> = PoolJobs[K]['result'];

export const JOBS: { [K in JobKind]: (task: JobTask<K>) => JobResult<K> } = {
  hist: claimedHistJob,
  cuts: cutsJob,
  encode: encodeJob,
  partition: partitionJob,
  gradients: gradientJob,
  level: levelJob,
  splits: splitsJob,
  leaves: leavesJob,
};
