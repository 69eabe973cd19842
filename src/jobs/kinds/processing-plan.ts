/**
 * A processing job as a one-step pipeline: a `processing` step under SageMaker's processing
 * contract, its inputs staged at their `LocalPath`s from `s3://`, `file://` or `gs://`, its
 * outputs collected from their `LocalPath`s (and, once the run has ended, copied to their
 * `S3Uri`s by `processingResult`, as the service uploads them).
 *
 * ```ts
 * processingStep(request, image)
 * // { type: 'processing', name: 'prep-1', process: { command: ['python3'], args: ['/opt/ml/processing/input/code/prep.py', …],
 * //   contract: 'sagemaker', image: '…sagemaker-scikit-learn:1.2-1…' },
 * //   inputs: [{ name: 'raw', source: 's3://bucket/raw/', destination: '/opt/ml/processing/input/raw' }],
 * //   outputs: [{ name: 'train', type: 'fileset', source: '/opt/ml/processing/train' }] }
 * ```
 */
import type { ProcessingStep } from '../../pipeline/ir.js';
import type { LocalImage } from '../image-map.js';
import type { JobPlan, PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { irName, oneStepPipeline } from './job-plan.js';
import { processingImage } from './processing-image.js';
import { type ProcessingRequest, readProcessingRequest } from './processing-request.js';

export async function planProcessing(job: JobRecord, context: PlanContext): Promise<JobPlan> {
  const request = readProcessingRequest(job.request);
  const step = processingStep(request, await processingImage(request, context));
  const description = [`CreateProcessingJob ${request.name}`, ...request.notes].join(' ');
  return { ir: oneStepPipeline(request.name, step, description), parameters: {}, baseDir: context.stagingDir };
}

export function processingStep(request: ProcessingRequest, image: LocalImage): ProcessingStep {
  return {
    type: 'processing',
    name: irName(request.name),
    // The image map's env is the job's Environment plus what the image adds: the process's whole environment.
    process: { ...image.process, image: request.imageUri, contract: 'sagemaker' },
    inputs: request.inputs.map((i) => ({ name: irName(i.name), source: i.uri, destination: i.localPath })),
    // SageMaker uploads nothing for an output its container left empty, and the job still completes.
    outputs: request.outputs.map((o) => ({ name: irName(o.name), type: 'fileset', source: o.localPath, optional: true })),
    resources: { instanceType: request.instanceType, instanceCount: request.instanceCount, volumeSizeGB: request.volumeSizeGB },
    timeoutSeconds: request.maxRuntimeSeconds,
    // A job is one attempt: SageMaker does not retry a processing job that failed.
    retry: { maxAttempts: 1 },
  };
}
