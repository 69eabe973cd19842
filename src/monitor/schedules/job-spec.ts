/**
 * What a schedule runs, read out of SageMaker's JSON: an inline `MonitoringJobDefinition`
 * (`MonitoringInputs`, `MonitoringOutputConfig`, `BaselineConfig`) or a typed job definition
 * (`<Type>JobInput`, `<Type>JobOutputConfig`, `<Type>BaselineConfig`) reduce to one shape. The
 * checks here are SageMaker's required fields, in its words.
 */
import type { MonitoringType } from '../monitoring-job.js';
import { invalid } from './schedule-errors.js';
import { parseOffset } from './schedule-expression.js';
import type { Json } from './schedule-records.js';

export type JobSource =
  | {
      readonly kind: 'endpoint';
      readonly endpointName: string;
      readonly startOffsetMs?: number;
      readonly endOffsetMs?: number;
    }
  | {
      readonly kind: 'batch';
      readonly uri: string;
      readonly format: 'csv' | 'jsonl' | 'parquet';
      readonly header?: boolean;
      readonly startOffsetMs?: number;
      readonly endOffsetMs?: number;
    };

export interface JobSpec {
  readonly type: MonitoringType;
  readonly source: JobSource;
  /** `MonitoringOutputs[0].S3Output.S3Uri`. */
  readonly outputUri: string;
  readonly baseline?: { readonly statisticsUri?: string; readonly constraintsUri?: string };
  /** The definition's JSON, handed to the job as its `config`. */
  readonly config: Json;
}

/** The spec of an inline `MonitoringJobDefinition`. */
export function inlineJobSpec(type: MonitoringType, definition: Json): JobSpec {
  required(
    definition,
    ['MonitoringInputs', 'MonitoringOutputConfig', 'MonitoringResources', 'MonitoringAppSpecification', 'RoleArn'],
    'monitoringJobDefinition',
  );
  const inputs = definition.MonitoringInputs;
  if (!Array.isArray(inputs) || inputs.length !== 1)
    throw invalid('MonitoringInputs must hold exactly one MonitoringInput (an EndpointInput or a BatchTransformInput).');
  return {
    type,
    source: sourceOf(inputs[0] as Json, 'monitoringInputs.member'),
    outputUri: outputOf(definition.MonitoringOutputConfig as Json),
    baseline: baselineOf(definition.BaselineConfig as Json | undefined),
    config: definition,
  };
}

/** The spec of a `Create<Type>JobDefinition` request's fields. */
export function typedJobSpec(type: MonitoringType, definition: Json): JobSpec {
  const prefix = type;
  required(
    definition,
    [`${prefix}AppSpecification`, `${prefix}JobInput`, `${prefix}JobOutputConfig`, 'JobResources', 'RoleArn'],
    '',
  );
  const input = definition[`${prefix}JobInput`] as Json;
  if ((type === 'ModelQuality' || type === 'ModelBias') && !struct(input.GroundTruthS3Input)?.S3Uri)
    throw invalid(
      `${prefix}JobInput.GroundTruthS3Input.S3Uri is required: the ground truth to merge with the captured predictions.`,
    );
  if ((type === 'ModelBias' || type === 'ModelExplainability') && !struct(definition[`${prefix}AppSpecification`])?.ConfigUri)
    throw invalid(`${prefix}AppSpecification.ConfigUri is required: the analysis configuration (analysis_config.json).`);
  return {
    type,
    source: sourceOf(input, `${lower(prefix)}JobInput`),
    outputUri: outputOf(definition[`${prefix}JobOutputConfig`] as Json),
    baseline: baselineOf(definition[`${prefix}BaselineConfig`] as Json | undefined),
    config: definition,
  };
}

function sourceOf(input: Json, where: string): JobSource {
  const endpoint = struct(input.EndpointInput);
  const batch = struct(input.BatchTransformInput);
  if ((endpoint === undefined) === (batch === undefined))
    throw invalid(`${where} must have exactly one of EndpointInput and BatchTransformInput.`);
  const offsets = (s: Json) => ({
    ...(typeof s.StartTimeOffset === 'string' && { startOffsetMs: parseOffset(s.StartTimeOffset, 'StartTimeOffset') }),
    ...(typeof s.EndTimeOffset === 'string' && { endOffsetMs: parseOffset(s.EndTimeOffset, 'EndTimeOffset') }),
  });
  if (endpoint) {
    required(endpoint, ['EndpointName', 'LocalPath'], `${where}.endpointInput`);
    return { kind: 'endpoint', endpointName: endpoint.EndpointName as string, ...offsets(endpoint) };
  }
  const b = batch as Json;
  required(b, ['DataCapturedDestinationS3Uri', 'DatasetFormat', 'LocalPath'], `${where}.batchTransformInput`);
  const format = struct(b.DatasetFormat) ?? {};
  const csv = struct(format.Csv);
  const kind = csv ? 'csv' : format.Parquet ? 'parquet' : format.Json ? 'jsonl' : undefined;
  if (!kind) throw invalid('BatchTransformInput.DatasetFormat must name Csv, Json or Parquet.');
  return {
    kind: 'batch',
    uri: b.DataCapturedDestinationS3Uri as string,
    format: kind,
    ...(csv?.Header !== undefined && { header: csv.Header === true }),
    ...offsets(b),
  };
}

function outputOf(config: Json): string {
  const outputs = config?.MonitoringOutputs;
  const s3 = Array.isArray(outputs) ? struct(struct(outputs[0])?.S3Output) : undefined;
  if (!s3 || typeof s3.S3Uri !== 'string' || s3.S3Uri === '')
    throw invalid('MonitoringOutputConfig.MonitoringOutputs must hold one MonitoringOutput with S3Output.S3Uri.');
  return s3.S3Uri;
}

function baselineOf(config: Json | undefined): JobSpec['baseline'] {
  const statisticsUri = struct(config?.StatisticsResource)?.S3Uri;
  const constraintsUri = struct(config?.ConstraintsResource)?.S3Uri;
  if (statisticsUri === undefined && constraintsUri === undefined) return undefined;
  return {
    ...(typeof statisticsUri === 'string' && { statisticsUri }),
    ...(typeof constraintsUri === 'string' && { constraintsUri }),
  };
}

function required(value: Json | undefined, fields: readonly string[], where: string): void {
  for (const field of fields) {
    const v = value?.[field];
    if (v === undefined || v === null || v === '') {
      const path = where ? `${where}.${lower(field)}` : lower(field);
      throw invalid(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must not be null`);
    }
  }
}

const struct = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
