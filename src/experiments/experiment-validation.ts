import { Problems, RESOURCE_NAME } from '../endpoints/endpoint-validation.js';
import type { ExperimentStorage, ExperimentVariant, VariantAction } from './experiment-records.js';

/**
 * SageMaker's field rules for inference experiments, in its wording ("Value 'x' at
 * 'shadowModeConfig.shadowModelVariants.1.member.samplingPercentage' failed to satisfy
 * constraint: …"); every problem is collected and thrown at once as `E_EXPERIMENT_VALIDATION`.
 */
export const EXPERIMENT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/;
const VARIANT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/;
const DAY = 86_400_000;
/** SageMaker's limit: "The maximum duration that you can set for an inference experiment is 30 days." */
export const MAX_DURATION_MS = 30 * DAY;
/** Without a schedule, "the experiment automatically concludes after 7 days". */
export const DEFAULT_DURATION_MS = 7 * DAY;

/** SageMaker's validation wording, thrown as `E_EXPERIMENT_VALIDATION`. */
export const experimentProblems = (): Problems => new Problems('E_EXPERIMENT_VALIDATION');

export function checkName(p: Problems, value: unknown): void {
  p.pattern('name', value, EXPERIMENT_NAME, 120);
}

export function checkRole(p: Problems, value: unknown): void {
  if (typeof value !== 'string' || value.length < 20 || value.length > 2048 || !ROLE_ARN.test(value))
    p.value('roleArn', value, `Member must satisfy regular expression pattern: ${ROLE_ARN.source}`);
}

export function checkEndpointName(p: Problems, value: unknown): void {
  p.pattern('endpointName', value, RESOURCE_NAME, 63);
}

export function checkDescription(p: Problems, value: string | undefined): void {
  if (value !== undefined && value.length > 1024)
    p.value('description', `${value.length} characters`, 'Member must have length less than or equal to 1024');
}

export function checkVariants(p: Problems, path: string, variants: readonly ExperimentVariant[], min: number): void {
  if (variants.length < min) p.value(path, variants.length, `Member must have length greater than or equal to ${min}`);
  if (variants.length > 2) p.value(path, variants.length, 'Member must have length less than or equal to 2');
  variants.forEach((v, i) => {
    const at = `${path}.${i + 1}.member`;
    p.pattern(`${at}.modelName`, v.modelName, RESOURCE_NAME, 63);
    p.pattern(`${at}.variantName`, v.variantName, VARIANT_NAME, 63);
    p.pattern(`${at}.infrastructureConfig.realTimeInferenceConfig.instanceType`, v.instanceType, INSTANCE_TYPE, 64);
    if (!Number.isInteger(v.instanceCount) || v.instanceCount < 1)
      p.value(
        `${at}.infrastructureConfig.realTimeInferenceConfig.instanceCount`,
        v.instanceCount,
        'Member must have value greater than or equal to 1',
      );
  });
  const names = variants.map((v) => v.variantName);
  if (new Set(names).size !== names.length) p.say(`${path}: variant names must be unique`);
}

/** `SamplingPercentage`: an integer 1–100 (0 would mirror nothing). */
export function checkSampling(p: Problems, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100)
    p.value(
      'shadowModeConfig.shadowModelVariants.1.member.samplingPercentage',
      value,
      'Member must have value between 1 and 100',
    );
}

/** The production and shadow variants must be the two `ModelVariants`, and differ. */
export function checkRoles(p: Problems, variants: readonly ExperimentVariant[], production: string, shadow: string): void {
  const names = variants.map((v) => v.variantName);
  const known = names.join(', ') || 'none';
  if (!names.includes(production)) p.say(`SourceModelVariantName "${production}" is not one of the ModelVariants (${known})`);
  if (!names.includes(shadow)) p.say(`ShadowModelVariantName "${shadow}" is not one of the ModelVariants (${known})`);
  if (production === shadow) p.say(`The shadow variant "${shadow}" cannot also be the production (source) variant`);
  for (const n of names)
    if (n !== production && n !== shadow) p.say(`ModelVariants entry "${n}" is neither the source nor the shadow variant`);
}

/**
 * A schedule from `now`: the start may be in the past (it then starts at once) but the end must
 * be after both the start and now, and the two at most 30 days apart.
 */
export function checkSchedule(p: Problems, start: Date, end: Date, now: Date): void {
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    p.say('Schedule.StartTime and Schedule.EndTime must be timestamps');
    return;
  }
  if (end <= start) p.say(`Schedule.EndTime ${end.toISOString()} must be after Schedule.StartTime ${start.toISOString()}`);
  else if (end <= now) p.say(`Schedule.EndTime ${end.toISOString()} is in the past (now ${now.toISOString()})`);
  else if (end.getTime() - start.getTime() > MAX_DURATION_MS)
    p.say(`The schedule lasts ${days(end.getTime() - start.getTime())} days; an inference experiment lasts at most 30 days`);
}

export function checkStorage(p: Problems, s: ExperimentStorage | undefined): void {
  if (!s) return;
  if (typeof s.destination !== 'string' || !/^([a-z][a-z0-9+.-]*:\/\/.+|\/.*)$/.test(s.destination) || s.destination.length > 512)
    p.value('dataStorageConfig.destination', s.destination, 'Member must be a URI (s3://, gs://, file://) or an absolute folder');
  for (const [field, types] of [
    ['csvContentTypes', s.csvContentTypes],
    ['jsonContentTypes', s.jsonContentTypes],
  ] as const) {
    if (types.length > 10)
      p.value(`dataStorageConfig.contentType.${field}`, types.length, 'Member must have length less than or equal to 10');
    for (const t of types) p.pattern(`dataStorageConfig.contentType.${field}`, t, CONTENT_TYPE, 256);
  }
}

/** `ModelVariantActions` of a stop: 1–2 of the experiment's variants, each Promote, Remove or Retain. */
export function checkActions(p: Problems, actions: Readonly<Record<string, VariantAction>>, variants: readonly string[]): void {
  const entries = Object.entries(actions);
  if (entries.length < 1 || entries.length > 2)
    p.value('modelVariantActions', entries.length, 'Member must have between 1 and 2 entries');
  for (const [variant, action] of entries) {
    if (!variants.includes(variant))
      p.say(`ModelVariantActions names variant "${variant}", which is not in the experiment (${variants.join(', ')})`);
    if (!['Promote', 'Remove', 'Retain'].includes(action))
      p.value(`modelVariantActions.${variant}`, action, 'Member must satisfy enum value set: [Retain, Remove, Promote]');
  }
}

function days(ms: number): string {
  return (ms / DAY).toFixed(2).replace(/\.?0+$/, '');
}
