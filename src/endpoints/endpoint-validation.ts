import type { ErrorCode } from '../core/error-codes.js';
import { GodwitError } from '../core/errors.js';
import { checkAsyncInference } from './async-inference-rules.js';
import type { DataCaptureSpec, VariantChange, VariantSpec } from './endpoint-records.js';
import type { NewContainer, NewEndpointConfig, NewModel } from './endpoints.js';
import { checkServerlessChange, checkServerlessEndpointConfig, checkServerlessVariant } from './serverless-config.js';

/**
 * SageMaker's field rules for models and endpoint configs, with its own wording ("1 validation
 * error detected: Value 'x' at 'productionVariants.1.member.variantName' failed to satisfy
 * constraint: …"), so a script that matches SageMaker's messages matches these. Every problem is
 * collected and reported at once, as SageMaker does, in one `E_ENDPOINT_VALIDATION`.
 */
export const RESOURCE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9.])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.+])*$/;
const NAME_RULE = 'Names are 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit.';

/**
 * The problems one request has, collected and thrown together in SageMaker's words as one error
 * of `code` (the endpoints capability's by default; inference experiments use their own).
 */
export class Problems {
  readonly list: string[] = [];
  constructor(private readonly code: ErrorCode = 'E_ENDPOINT_VALIDATION') {}
  value(path: string, value: unknown, constraint: string): void {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    this.list.push(`Value '${shown}' at '${path}' failed to satisfy constraint: ${constraint}`);
  }
  say(sentence: string): void {
    this.list.push(sentence);
  }
  name(path: string, value: unknown): void {
    if (typeof value !== 'string' || !RESOURCE_NAME.test(value)) {
      this.value(path, value, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}');
    }
  }
  pattern(path: string, value: unknown, re: RegExp, max: number): void {
    if (typeof value !== 'string' || !re.test(value) || value.length > max)
      this.value(path, value, `Member must satisfy regular expression pattern: ${re.source}`);
  }
  count(path: string, items: readonly unknown[], min: number, max: number): void {
    if (items.length < min) this.value(path, items, `Member must have length greater than or equal to ${min}`);
    if (items.length > max) this.value(path, items, `Member must have length less than or equal to ${max}`);
  }
  throwIfAny(hint: string): void {
    const n = this.list.length;
    if (n === 0) return;
    const head = `${n} validation error${n === 1 ? '' : 's'} detected: `;
    throw new GodwitError(this.code, head + this.list.join('; '), { hint });
  }
}

/** A model, endpoint config or endpoint name as SageMaker accepts it. */
export function checkResourceName(field: string, value: string): void {
  const p = new Problems();
  p.name(field, value);
  p.throwIfAny(NAME_RULE);
}

export function checkModel(model: NewModel): void {
  const p = new Problems();
  p.name('modelName', model.name);
  p.count('containers', model.containers, 1, 15);
  for (const [i, c] of model.containers.entries()) checkContainer(p, `containers.${i + 1}.member`, c);
  if (model.inferenceMode !== undefined && !['Serial', 'Direct'].includes(model.inferenceMode)) {
    p.value('inferenceExecutionConfig.mode', model.inferenceMode, 'Member must satisfy enum value set: [Serial, Direct]');
  }
  p.throwIfAny('A model has 1 container (PrimaryContainer) or 2 to 15 run in sequence (Containers).');
}

function checkContainer(p: Problems, path: string, c: NewContainer): void {
  if (c.modelPackageName !== undefined && (c.image !== undefined || c.modelDataUrl !== undefined)) {
    p.say(`${path}: give either ModelPackageName or Image/ModelDataUrl, not both`);
  }
  if (c.modelPackageName === undefined && c.image === undefined && c.modelDataUrl === undefined) {
    p.say(`${path}: a container needs an Image, a ModelDataUrl or a ModelPackageName`);
  }
  const env = Object.entries(c.environment ?? {});
  if (env.length > 100)
    p.value(`${path}.environment`, `${env.length} entries`, 'Member must have length less than or equal to 100');
  for (const [k, v] of env) {
    if (typeof v !== 'string') p.value(`${path}.environment.${k}`, v, 'Member must be a string');
    else if (k.length > 1024 || v.length > 1024)
      p.value(`${path}.environment.${k}`, k, 'Member must have length less than or equal to 1024');
  }
}

export function checkEndpointConfig(config: NewEndpointConfig): void {
  const p = new Problems();
  p.name('endpointConfigName', config.name);
  const shadows = config.shadowVariants ?? [];
  p.count('productionVariants', config.productionVariants, 1, 10);
  p.count('shadowProductionVariants', shadows, 0, 10);
  for (const [i, v] of config.productionVariants.entries()) checkVariant(p, `productionVariants.${i + 1}.member`, v);
  for (const [i, v] of shadows.entries()) checkVariant(p, `shadowProductionVariants.${i + 1}.member`, v);
  const names = [...config.productionVariants, ...shadows].map((v) => v.variantName);
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (repeated.length > 0) p.say(`Variant names must be unique within an endpoint config; repeated: ${repeated.join(', ')}`);
  const sum = config.productionVariants.reduce(
    (s, v) => s + (Number.isFinite(v.initialVariantWeight) ? v.initialVariantWeight : 0),
    0,
  );
  if (config.productionVariants.length > 0 && !(sum > 0)) {
    p.say("The sum of the production variants' InitialVariantWeight must be greater than 0");
  }
  if (config.dataCapture) checkCapture(p, config.dataCapture);
  checkServerlessEndpointConfig(p, config);
  if (config.asyncInference) checkAsyncInference(p, config.asyncInference, config);
  p.throwIfAny('An endpoint config has 1 to 10 production variants with unique names and weights ≥ 0 summing to more than 0.');
}

function checkVariant(p: Problems, path: string, v: VariantSpec): void {
  p.name(`${path}.variantName`, v.variantName);
  p.name(`${path}.modelName`, v.modelName);
  // A serverless variant's instance count is its warm floor: 0 unless it has provisioned concurrency.
  const fewest = v.serverless ? 0 : 1;
  if (!Number.isInteger(v.initialInstanceCount) || v.initialInstanceCount < fewest) {
    p.value(`${path}.initialInstanceCount`, v.initialInstanceCount, `Member must have value greater than or equal to ${fewest}`);
  }
  if (typeof v.initialVariantWeight !== 'number' || !(v.initialVariantWeight >= 0)) {
    p.value(`${path}.initialVariantWeight`, v.initialVariantWeight, 'Member must have value greater than or equal to 0');
  }
  checkServerlessVariant(p, path, v);
}

/**
 * The variant changes of UpdateEndpointWeightsAndCapacities: 1–10, weights ≥ 0, counts ≥ `minCount`
 * (1; 0 for an asynchronous endpoint, which queues requests while it has no instance).
 */
export function checkVariantChanges(changes: readonly VariantChange[], minCount = 1): void {
  const p = new Problems();
  p.count('desiredWeightsAndCapacities', changes, 1, 10);
  changes.forEach((c, i) => {
    const path = `desiredWeightsAndCapacities.${i + 1}.member`;
    p.name(`${path}.variantName`, c.variantName);
    if (c.weight !== undefined && !(c.weight >= 0))
      p.value(`${path}.desiredWeight`, c.weight, 'Member must have value greater than or equal to 0');
    if (c.instanceCount !== undefined && !(Number.isInteger(c.instanceCount) && c.instanceCount >= minCount)) {
      p.value(`${path}.desiredInstanceCount`, c.instanceCount, `Member must have value greater than or equal to ${minCount}`);
    }
    if (c.weight === undefined && c.instanceCount === undefined && c.serverless === undefined)
      p.say(`${path}: give a DesiredWeight, a DesiredInstanceCount (or ServerlessUpdateConfig) or both`);
    checkServerlessChange(p, path, c);
  });
  p.throwIfAny(`Name each variant with its new weight (≥ 0) and/or instance count (≥ ${minCount}).`);
}

function checkCapture(p: Problems, c: DataCaptureSpec): void {
  const path = 'dataCaptureConfig';
  const pct = c.initialSamplingPercentage;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
    p.value(`${path}.initialSamplingPercentage`, pct, 'Member must have value between 0 and 100');
  }
  if (typeof c.destinationS3Uri !== 'string' || !/^([a-z][a-z0-9+.-]*:\/\/.+|\/.*)$/.test(c.destinationS3Uri)) {
    p.value(`${path}.destinationS3Uri`, c.destinationS3Uri, 'Member must be a URI (s3://, gs://, file://) or an absolute folder');
  }
  p.count(`${path}.captureOptions`, c.captureModes, 1, 2);
  c.captureModes.forEach((m, i) => {
    if (m !== 'Input' && m !== 'Output') {
      p.value(`${path}.captureOptions.${i + 1}.member.captureMode`, m, 'Member must satisfy enum value set: [Input, Output]');
    }
  });
  if (new Set(c.captureModes).size !== c.captureModes.length) p.say(`${path}.captureOptions: each CaptureMode may appear once`);
  for (const [field, types] of [
    ['csvContentTypes', c.csvContentTypes],
    ['jsonContentTypes', c.jsonContentTypes],
  ] as const) {
    if (types.length > 10)
      p.value(`${path}.captureContentTypeHeader.${field}`, types, 'Member must have length less than or equal to 10');
    for (const t of types) {
      if (!CONTENT_TYPE.test(t))
        p.value(
          `${path}.captureContentTypeHeader.${field}`,
          t,
          `Member must satisfy regular expression pattern: ${CONTENT_TYPE.source}`,
        );
    }
  }
}
