/**
 * The options of a batch transform job, named as SageMaker's `CreateTransformJob` names them
 * (camel-cased), with Godwit's defaults filled in and their combinations checked before any
 * model starts.
 *
 * | option                    | SageMaker field                              | default here   |
 * | ------------------------- | -------------------------------------------- | -------------- |
 * | `contentType`             | `TransformInput.ContentType`                 | `text/csv`     |
 * | `splitType`               | `TransformInput.SplitType`                   | `Line`         |
 * | `batchStrategy`           | `BatchStrategy`                              | `MultiRecord`  |
 * | `maxPayloadInMB`          | `MaxPayloadInMB` (0–100; 0: no limit)        | 6              |
 * | `maxConcurrentTransforms` | `MaxConcurrentTransforms` (per instance)     | 1              |
 * | `instanceCount`           | `TransformResources.InstanceCount`           | 1              |
 * | `accept`                  | `TransformOutput.Accept`                     | the model's    |
 * | `assembleWith`            | `TransformOutput.AssembleWith`               | `Line`         |
 * | `dataProcessing`          | `DataProcessing` (InputFilter, JoinSource, OutputFilter) | none |
 * | `dataCapture`             | `DataCaptureConfig` (DestinationS3Uri, GenerateInferenceId) | none |
 *
 * `Line` and `MultiRecord` are the defaults of Godwit's own transforms (`godwit transform`, a
 * pipeline's transform step): for CSV they give the same predictions as SageMaker's whole-file
 * default, with one request per 6 MB. `CreateTransformJob` keeps SageMaker's own default,
 * `SplitType` `None` (src/jobs/kinds/transform-request.ts). `RecordIO` and `TFRecord` are refused
 * here, before any model starts.
 */
import { GodwitError } from '../../core/errors.js';
import type { DataProcessing } from './data-processing.js';
import { type BatchStrategy, checkSplitType, type SplitType } from './mini-batches.js';

export interface BatchCaptureConfig {
  /** `DestinationS3Uri`: any store URI or folder; manifests go under `input/` and `output/`. */
  readonly destination: string;
  /** Adds an inference ID and the job's start time to each output record (batch capture's `stamp`). */
  readonly generateInferenceId?: boolean;
}

export interface TransformOptions {
  readonly contentType?: string;
  readonly splitType?: SplitType;
  readonly batchStrategy?: BatchStrategy;
  readonly maxPayloadInMB?: number;
  readonly maxConcurrentTransforms?: number;
  readonly instanceCount?: number;
  readonly accept?: string;
  readonly assembleWith?: 'Line' | 'None';
  readonly dataProcessing?: DataProcessing;
  readonly dataCapture?: BatchCaptureConfig;
}

export type ResolvedTransformOptions = Required<Omit<TransformOptions, 'accept' | 'dataProcessing' | 'dataCapture'>> &
  Pick<TransformOptions, 'accept' | 'dataProcessing' | 'dataCapture'>;

export function resolveTransformOptions(o: TransformOptions): ResolvedTransformOptions {
  const r = {
    contentType: o.contentType ?? 'text/csv',
    splitType: o.splitType ?? 'Line',
    batchStrategy: o.batchStrategy ?? 'MultiRecord',
    maxPayloadInMB: o.maxPayloadInMB ?? 6,
    maxConcurrentTransforms: o.maxConcurrentTransforms ?? 1,
    instanceCount: o.instanceCount ?? 1,
    assembleWith: o.assembleWith ?? 'Line',
    accept: o.accept,
    dataProcessing: o.dataProcessing,
    dataCapture: o.dataCapture,
  } satisfies ResolvedTransformOptions;
  oneOf('SplitType', r.splitType, ['Line', 'None', 'RecordIO', 'TFRecord']);
  // Refused before any model starts, not at the first file.
  checkSplitType(r.splitType);
  oneOf('BatchStrategy', r.batchStrategy, ['SingleRecord', 'MultiRecord']);
  oneOf('AssembleWith', r.assembleWith, ['Line', 'None']);
  oneOf('JoinSource', r.dataProcessing?.joinSource ?? 'None', ['Input', 'None']);
  integer('MaxPayloadInMB', r.maxPayloadInMB, 0, 100);
  integer('MaxConcurrentTransforms', r.maxConcurrentTransforms, 1, 1000);
  integer('InstanceCount', r.instanceCount, 1, 100);
  const perRecord =
    r.dataProcessing?.joinSource === 'Input' || isFilter(r.dataProcessing?.outputFilter) || r.dataCapture?.generateInferenceId;
  if (perRecord && (r.splitType !== 'Line' || r.assembleWith !== 'Line')) {
    throw new GodwitError(
      'E_TRANSFORM_CONFIG',
      'JoinSource "Input" and an OutputFilter match predictions to records, which needs SplitType "Line" and AssembleWith "Line".',
      {
        hint: 'Set splitType and assembleWith to "Line", or drop the join and output filter.',
      },
    );
  }
  if (isFilter(r.dataProcessing?.inputFilter) && r.splitType === 'None') {
    throw new GodwitError(
      'E_TRANSFORM_CONFIG',
      'An InputFilter applies to each record, but SplitType "None" makes the whole file one record.',
      {
        hint: 'Set splitType "Line".',
      },
    );
  }
  return r;
}

function isFilter(path: string | undefined): boolean {
  return path !== undefined && path !== '$';
}

function oneOf(field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new GodwitError('E_TRANSFORM_CONFIG', `${field} "${value}" is not one of ${allowed.join(', ')}.`);
  }
}

function integer(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GodwitError('E_TRANSFORM_CONFIG', `${field} must be a whole number from ${min} to ${max}, not ${value}.`);
  }
}

/**
 * What SageMaker tells a model container it is serving a transform job, so containers answer one
 * prediction per line (SageMaker's XGBoost reads `SAGEMAKER_BATCH`) and may size themselves.
 */
export function transformEnvironment(o: ResolvedTransformOptions): Record<string, string> {
  return {
    SAGEMAKER_BATCH: 'true',
    SAGEMAKER_BATCH_STRATEGY: o.batchStrategy === 'SingleRecord' ? 'SINGLE_RECORD' : 'MULTI_RECORD',
    SAGEMAKER_MAX_PAYLOAD_IN_MB: String(o.maxPayloadInMB),
    SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: String(o.maxConcurrentTransforms),
  };
}

/** Requests a job runs at once: its instances × `maxConcurrentTransforms`. */
export function parallelism(o: ResolvedTransformOptions): number {
  return o.instanceCount * o.maxConcurrentTransforms;
}
