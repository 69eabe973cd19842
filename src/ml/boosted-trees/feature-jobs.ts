/**
 * The work a thread of the feature pool does on its share of the features, by kind; the calling
 * thread and the workers run the same functions on shared memory, so results do not depend on
 * how the features were shared out.
 */
import { type CutsTask, cutsJob, type EncodeTask, encodeJob } from './binning.js';
import { buildHistograms, type HistTask } from './histogram.js';

export interface FeatureJobs {
  hist: { task: HistTask; result: undefined };
  cuts: { task: CutsTask; result: Float32Array[] };
  encode: { task: EncodeTask; result: undefined };
}

export type JobKind = keyof FeatureJobs;

/** Every task carries the features its thread works on. */
export type JobTask<K extends JobKind> = FeatureJobs[K]['task'];

export const JOBS: { [K in JobKind]: (task: JobTask<K>) => FeatureJobs[K]['result'] } = {
  hist: (task) => buildHistograms(task),
  cuts: cutsJob,
  encode: encodeJob,
};
