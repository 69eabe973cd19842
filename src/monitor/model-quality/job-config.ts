/**
 * A model-quality job's settings, read from SageMaker's JSON. Accepted in the flat form a schedule
 * passes (`{ ProblemType, InferenceAttribute, ProbabilityAttribute, ProbabilityThresholdAttribute,
 * GroundTruthS3Input: { S3Uri } }`) and in `CreateModelQualityJobDefinition`'s own shape
 * (`ModelQualityAppSpecification.ProblemType`, `ModelQualityJobInput.EndpointInput` or
 * `.BatchTransformInput` with the attributes, `ModelQualityJobInput.GroundTruthS3Input.S3Uri`).
 * `GroundTruthAttribute` (the SDK's `ground_truth_attribute`) names the label column of a data set.
 */
import { GodwitError } from '../../core/errors.js';
import type { ProblemType } from './model-quality-files.js';

export interface ModelQualityConfig {
  readonly problemType: ProblemType;
  readonly inferenceAttribute?: string;
  readonly probabilityAttribute?: string;
  readonly probabilityThreshold?: number;
  readonly groundTruthUri?: string;
  readonly groundTruthAttribute?: string;
}

const PROBLEMS: readonly ProblemType[] = ['Regression', 'BinaryClassification', 'MulticlassClassification'];
type Json = Readonly<Record<string, unknown>>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

function bad(message: string, hint: string): GodwitError {
  return new GodwitError('E_MODEL_QUALITY_CONFIG', message, { hint });
}

function text(where: Json, key: string): string | undefined {
  const value = where[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw bad(`${key} is ${JSON.stringify(value)}, not a string.`, `Give ${key} as text, e.g. "0" or "$.score".`);
  return value;
}

/** Reads the settings; E_MODEL_QUALITY_CONFIG names the first one SageMaker would refuse. */
export function modelQualityConfig(config: Readonly<Record<string, unknown>>): ModelQualityConfig {
  const input = obj(config.ModelQualityJobInput);
  const source = { ...obj(input.BatchTransformInput), ...obj(input.EndpointInput), ...config };
  const problemType = text(config, 'ProblemType') ?? text(obj(config.ModelQualityAppSpecification), 'ProblemType');
  if (!problemType || !(PROBLEMS as readonly string[]).includes(problemType)) {
    throw bad(
      `ProblemType ${JSON.stringify(problemType ?? null)} is not one of ${PROBLEMS.join(', ')}.`,
      'Set ProblemType as SageMaker spells it.',
    );
  }
  const threshold = source.ProbabilityThresholdAttribute;
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    throw bad(`ProbabilityThresholdAttribute ${JSON.stringify(threshold)} is not a number.`, 'Give a number such as 0.5.');
  }
  const out: ModelQualityConfig = {
    problemType: problemType as ProblemType,
    inferenceAttribute: text(source, 'InferenceAttribute'),
    probabilityAttribute: text(source, 'ProbabilityAttribute'),
    probabilityThreshold: threshold as number | undefined,
    groundTruthUri: text(obj(config.GroundTruthS3Input), 'S3Uri') ?? text(obj(input.GroundTruthS3Input), 'S3Uri'),
    groundTruthAttribute: text(source, 'GroundTruthAttribute'),
  };
  if (
    out.problemType !== 'BinaryClassification' &&
    out.inferenceAttribute === undefined &&
    out.probabilityAttribute !== undefined
  ) {
    throw bad(
      `A ${out.problemType} job reads its predictions from InferenceAttribute, not ProbabilityAttribute.`,
      'Set InferenceAttribute.',
    );
  }
  return out;
}
