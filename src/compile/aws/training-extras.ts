/**
 * Parts of a CreateTrainingJob request beyond the job itself: the metrics SageMaker reads from the
 * log, managed spot training and checkpoints.
 *
 * | IR                          | CreateTrainingJob                                                       |
 * | --------------------------- | ----------------------------------------------------------------------- |
 * | built-in algorithm          | `AlgorithmSpecification.MetricDefinitions`: the algorithm's own (Godwit's image prints SageMaker's `#quality_metric` lines) |
 * | `metricDefinitions`         | `MetricDefinitions [{Name, Regex}]`                                     |
 * | `spot`                      | `EnableManagedSpotTraining: true`, `StoppingCondition.MaxWaitTimeInSeconds` |
 * | `spot.interruptions`        | nothing: they simulate spot reclaims locally; the cloud has real ones   |
 * | `checkpoint.uri` (s3://)    | `CheckpointConfig.S3Uri` as given                                       |
 * | `checkpoint.uri` (a path)   | `CheckpointConfig.S3Uri` = `<root>/<pipeline>/<execution id>/<step>/checkpoints`, so a new run does not resume from an old one |
 * | `checkpoint.localPath`      | `CheckpointConfig.LocalPath`                                            |
 */

import { BUILTIN_ALGORITHMS } from '../../pipeline/builtin-algorithms.js';
import type { TrainingStep } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { isLocalPath } from '../uploads.js';
import { type AwsContext, runPrefix } from './aws-context.js';
import { Dynamic, type RequestObject } from './request-value.js';

/** CreateTrainingJob requires a stopping condition; the SDK's default is one day. */
export const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

/** `MetricDefinitions`: a built-in's own, then the step's; a metric another step reads must be among them. */
export function metricDefinitions(step: TrainingStep, ctx: AwsContext): RequestObject[] | undefined {
  const own = step.algorithm ? BUILTIN_ALGORITHMS[step.algorithm.name].metricDefinitions : [];
  const defined = new Map<string, string>(own.map((d) => [d.Name, d.Regex]));
  for (const d of step.metricDefinitions ?? []) defined.set(d.name, d.regex);
  for (const metric of ctx.metricsUsed.get(step.name) ?? []) {
    if (!defined.has(metric)) {
      throw new CompileError(
        ctx.target,
        step.name,
        `the metric "${metric}", which it does not define`,
        `SageMaker reports only metrics with a definition; add { name: '${metric}', regex } to metricDefinitions.`,
      );
    }
  }
  return defined.size > 0 ? [...defined].map(([Name, Regex]) => ({ Name, Regex })) : undefined;
}

/** `StoppingCondition`, with the spot wait bound: SageMaker needs MaxWaitTimeInSeconds ≥ MaxRuntimeInSeconds. */
export function stoppingCondition(step: TrainingStep): RequestObject {
  const wait = step.spot?.maxWaitSeconds;
  const runtime =
    step.timeoutSeconds ?? (wait === undefined ? DEFAULT_MAX_RUNTIME_SECONDS : Math.min(wait, DEFAULT_MAX_RUNTIME_SECONDS));
  return { MaxRuntimeInSeconds: runtime, MaxWaitTimeInSeconds: step.spot ? (wait ?? runtime) : undefined };
}

export function checkpointConfig(step: TrainingStep, ctx: AwsContext): RequestObject | undefined {
  const checkpoint = step.checkpoint;
  if (checkpoint === undefined) return undefined;
  const { uri, localPath } = checkpoint;
  if (!isLocalPath(uri) && !/^s3:\/\//i.test(uri)) {
    throw new CompileError(
      ctx.target,
      step.name,
      `checkpoint.uri "${uri}"`,
      'SageMaker keeps checkpoints in S3; give an s3:// URI or a path.',
    );
  }
  const s3 = isLocalPath(uri)
    ? new Dynamic({ ...runPrefix(ctx, step.name), values: [...runPrefix(ctx, step.name).values, 'checkpoints'] })
    : uri;
  return { S3Uri: s3, LocalPath: localPath };
}
