/**
 * A `QualityCheck` step with `CheckType: DATA_QUALITY` as an IR quality-check step, the inverse of
 * src/compile/aws/quality-check-request.ts: the data set is the analyzer's `baseline_dataset_input`,
 * its format the container's `dataset_format` (the SageMaker Python SDK's `DatasetFormat` JSON),
 * and the check's own fields (`SkipCheck`, `FailOnViolation`, `RegisterNewBaseline`,
 * `ModelPackageGroupName`, `SuppliedBaseline*`) map one to one. A model-quality check is refused:
 * Godwit's step baselines data quality only (`godwit monitor model-quality` does the rest).
 */
import type { OutputSpec, QualityCheckFormat, QualityCheckStep } from '../../pipeline/ir.js';
import { type ImportContext, importError, type RawStep } from './import-context.js';
import { importResources, maxRuntime } from './job-fields.js';
import { child, isObject, type JsonObject, optArray, optObject, optString, reqObject } from './json-fields.js';
import { importValue } from './sagemaker-values.js';

const DATASET_INPUT = 'baseline_dataset_input';

export function importQualityCheck(step: RawStep, ctx: ImportContext): QualityCheckStep {
  const at = { step: step.Name, field: 'Arguments' };
  if (step.CheckType !== 'DATA_QUALITY') {
    throw importError(
      { step: step.Name, field: 'CheckType' },
      `a ${String(step.CheckType)} quality check is not a data-quality baseline, the one quality check Godwit's pipelines run`,
      'Keep the data-quality check here, and run model quality with `godwit monitor model-quality baseline`.',
    );
  }
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  const input = (optArray(args, 'ProcessingInputs', at) ?? []).find(
    (raw): raw is JsonObject => isObject(raw) && raw.InputName === DATASET_INPUT,
  );
  const s3 = input && optObject(input, 'S3Input', child(at, 'ProcessingInputs'));
  if (!s3 || s3.S3Uri === undefined)
    throw importError(at, `there is no "${DATASET_INPUT}" input with an S3Uri`, 'Give the data set to baseline as that input.');
  const env = optObject(args, 'Environment', at) ?? {};
  const { format, header } = datasetFormat(optString(env, 'dataset_format', child(at, 'Environment')), step.Name);
  const withBaseline = step.SuppliedBaselineStatistics !== undefined || step.SuppliedBaselineConstraints !== undefined;
  const outputs: OutputSpec[] = ['statistics', 'constraints', ...(withBaseline ? ['violations'] : [])].map((name) => ({
    name,
    type: 'dataset',
  }));
  const out: { -readonly [K in keyof QualityCheckStep]: QualityCheckStep[K] } = {
    name: step.Name,
    type: 'quality-check',
    checkType: 'DATA_QUALITY',
    dataset: importValue(s3.S3Uri, ctx, child(at, `ProcessingInputs['${DATASET_INPUT}'].S3Input.S3Uri`)),
    format,
    outputs,
  };
  if (header) out.header = true;
  if (step.SkipCheck === true) out.skipCheck = true;
  if (step.FailOnViolation === false) out.failOnViolation = false;
  if (step.RegisterNewBaseline === true) out.registerNewBaseline = true;
  if (typeof step.ModelPackageGroupName === 'string') out.modelPackageGroup = step.ModelPackageGroupName;
  if (step.SuppliedBaselineStatistics !== undefined)
    out.baselineStatistics = importValue(step.SuppliedBaselineStatistics, ctx, {
      step: step.Name,
      field: 'SuppliedBaselineStatistics',
    });
  if (step.SuppliedBaselineConstraints !== undefined)
    out.baselineConstraints = importValue(step.SuppliedBaselineConstraints, ctx, {
      step: step.Name,
      field: 'SuppliedBaselineConstraints',
    });
  const cluster = optObject(args, 'ProcessingResources', at);
  const resources = importResources(cluster && optObject(cluster, 'ClusterConfig', child(at, 'ProcessingResources')), ctx, at);
  if (resources) out.resources = resources;
  const timeout = maxRuntime(args, at);
  if (timeout !== undefined) out.timeoutSeconds = timeout;
  ctx.note(step.Name, 'QualityCheck', 'mapped', "a quality-check step: a data-quality baseline run by Godwit's profiler");
  return out;
}

/** The SDK's `DatasetFormat` JSON (`{"csv": {"header": true}}`, `{"json": {"lines": true}}`, `{"parquet": {}}`). */
function datasetFormat(text: string | undefined, step: string): { format: QualityCheckFormat; header: boolean } {
  const at = { step, field: 'Arguments.Environment.dataset_format' };
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isObject(parsed) && isObject(parsed.csv)) return { format: 'csv', header: parsed.csv.header === true };
  if (isObject(parsed) && isObject(parsed.json) && parsed.json.lines !== false) return { format: 'jsonl', header: false };
  if (isObject(parsed) && isObject(parsed.parquet)) return { format: 'parquet', header: false };
  throw importError(
    at,
    `${text === undefined ? 'there is no dataset_format' : `dataset_format ${text} is not CSV, JSON Lines or Parquet`}`,
    "Use the SageMaker Python SDK's DatasetFormat.csv(header=…), .json(lines=True) or .parquet().",
  );
}
