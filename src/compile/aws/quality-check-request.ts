/**
 * A quality-check step as SageMaker's `QualityCheck` step, shaped as the SageMaker Python SDK's
 * `QualityCheckStep` with a `DataQualityCheckConfig` writes it: `Arguments` is the
 * CreateProcessingJob request of Model Monitor's analyzer container (the data set staged at
 * `/opt/ml/processing/input/baseline_dataset_input`, results collected from
 * `/opt/ml/processing/output` as `quality_check_output`, the container's settings in its
 * environment), and the check's own fields sit beside it.
 *
 * ```ts
 * qualityCheck('baseline', { dataset: 's3://b/train.csv', format: 'csv', header: true })
 * // { Type: 'QualityCheck', CheckType: 'DATA_QUALITY', SkipCheck: false, FailOnViolation: true, RegisterNewBaseline: false,
 * //   Arguments: { AppSpecification: { ImageUri: <images.model-monitor> }, ProcessingInputs: [baseline_dataset_input], …,
 * //     Environment: { dataset_format: '{"csv": {"header": true, "output_columns_position": "START"}}', … } } }
 * ```
 */
import type { JsonValue, QualityCheckFormat, QualityCheckStep } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { type AwsContext, processingOutputUri } from './aws-context.js';
import { DEFAULT_VOLUME_GB, dataLocation, instanceType } from './request-inputs.js';
import { type RequestObject, requestValue } from './request-value.js';

export const QUALITY_CHECK_OUTPUT = 'quality_check_output';
const DATASET_INPUT = 'baseline_dataset_input';
const DATASET_PATH = `/opt/ml/processing/input/${DATASET_INPUT}`;
const OUTPUT_PATH = '/opt/ml/processing/output';
/** The profile's image key for Model Monitor's analyzer (the SDK's `image_uris.retrieve('model-monitor', region)`). */
export const MODEL_MONITOR_IMAGE_KEY = 'model-monitor';

/** The SDK's `DatasetFormat.csv(header)`, `.json(lines=True)` and `.parquet()`, as the JSON text the container reads. */
export function datasetFormat(format: QualityCheckFormat, header: boolean): string {
  if (format === 'csv') return `{"csv": {"header": ${header}, "output_columns_position": "START"}}`;
  if (format === 'jsonl') return '{"json": {"lines": true}}';
  return '{"parquet": {}}';
}

export function qualityCheckRequest(step: QualityCheckStep, ctx: AwsContext): RequestObject {
  return {
    ProcessingResources: {
      ClusterConfig: {
        InstanceType: instanceType(step.resources?.instanceType),
        InstanceCount: step.resources?.instanceCount ?? 1,
        VolumeSizeInGB: step.resources?.volumeSizeGB ?? DEFAULT_VOLUME_GB,
      },
    },
    AppSpecification: { ImageUri: modelMonitorImage(ctx, step.name) },
    RoleArn: ctx.role,
    ProcessingInputs: [
      {
        InputName: DATASET_INPUT,
        AppManaged: false,
        S3Input: {
          S3Uri: dataLocation(ctx, step.name, { slot: DATASET_INPUT, field: 'dataset' }, step.dataset),
          LocalPath: DATASET_PATH,
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
          S3DataDistributionType: 'FullyReplicated',
          S3CompressionType: 'None',
        },
      },
    ],
    ProcessingOutputConfig: {
      Outputs: [
        {
          OutputName: QUALITY_CHECK_OUTPUT,
          AppManaged: false,
          S3Output: {
            S3Uri: requestValue(processingOutputUri(ctx, step.name, QUALITY_CHECK_OUTPUT)),
            LocalPath: OUTPUT_PATH,
            S3UploadMode: 'EndOfJob',
          },
        },
      ],
    },
    Environment: {
      output_path: OUTPUT_PATH,
      publish_cloudwatch_metrics: 'Disabled',
      dataset_format: datasetFormat(step.format, step.header ?? false),
      dataset_source: DATASET_PATH,
    },
    StoppingCondition: step.timeoutSeconds === undefined ? undefined : { MaxRuntimeInSeconds: step.timeoutSeconds },
  };
}

/** The fields of a `QualityCheck` step beside `Arguments`, in the order the SDK's `to_request()` writes them. */
export function qualityCheckFields(
  step: QualityCheckStep,
  value: (v: NonNullable<QualityCheckStep['baselineStatistics']>) => JsonValue,
): Record<string, JsonValue | undefined> {
  return {
    CheckType: step.checkType,
    ModelPackageGroupName: step.modelPackageGroup,
    SkipCheck: step.skipCheck ?? false,
    FailOnViolation: step.failOnViolation ?? true,
    RegisterNewBaseline: step.registerNewBaseline ?? false,
    SuppliedBaselineStatistics: step.baselineStatistics === undefined ? undefined : value(step.baselineStatistics),
    SuppliedBaselineConstraints: step.baselineConstraints === undefined ? undefined : value(step.baselineConstraints),
  };
}

function modelMonitorImage(ctx: AwsContext, step: string): string {
  const image = ctx.profile.images[MODEL_MONITOR_IMAGE_KEY];
  if (image === undefined)
    throw new CompileError(
      ctx.target,
      step,
      'a quality check with no Model Monitor image',
      `Add images.${MODEL_MONITOR_IMAGE_KEY} to profile "${ctx.profile.name}": the region's sagemaker-model-monitor-analyzer image (e.g. 156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer).`,
    );
  return image;
}
