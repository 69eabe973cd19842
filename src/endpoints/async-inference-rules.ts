import type { AsyncInferenceSpec } from './endpoint-records.js';
import type { Problems } from './endpoint-validation.js';
import type { NewEndpointConfig } from './endpoints.js';

const PATH = 'asyncInferenceConfig';
/** Where results may go: SageMaker takes `s3://`; Godwit's stores also take `gs://` and `file://`. */
const OUTPUT_URI = /^(s3|gs|file):\/\/[^/]+(\/.*)?$|^file:\/\/\/.+$/;
/** SageMaker's `SnsTopicArn` pattern (any partition, region and account, as AWS writes it). */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]*:[0-9]{12}:[a-zA-Z0-9_.-]+$/;
const TOPIC_TYPES = ['SUCCESS_NOTIFICATION_TOPIC', 'ERROR_NOTIFICATION_TOPIC'];

/**
 * SageMaker's rules for an endpoint config's `AsyncInferenceConfig`, in its wording: a client
 * concurrency of 1–1000 requests per instance, an output path (required) and failure path that
 * are store URIs of at most 512 characters, topics that are SNS ARNs, `IncludeInferenceResponseIn`
 * from the two topic types; and the variants must be instance-based (no `ServerlessConfig`).
 */
export function checkAsyncInference(p: Problems, spec: AsyncInferenceSpec, config: NewEndpointConfig): void {
  const n = spec.maxConcurrentInvocationsPerInstance;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 1000)) {
    p.value(`${PATH}.clientConfig.maxConcurrentInvocationsPerInstance`, n, 'Member must have value between 1 and 1000');
  }
  if (spec.s3OutputPath === undefined) {
    p.say(`Value null at '${PATH}.outputConfig.s3OutputPath' failed to satisfy constraint: Member must not be null`);
  }
  for (const [field, uri] of [
    ['s3OutputPath', spec.s3OutputPath],
    ['s3FailurePath', spec.s3FailurePath],
  ] as const) {
    if (uri === undefined) continue;
    if (uri.length > 512) p.value(`${PATH}.outputConfig.${field}`, uri, 'Member must have length less than or equal to 512');
    else if (!OUTPUT_URI.test(uri)) {
      p.value(
        `${PATH}.outputConfig.${field}`,
        uri,
        'Member must satisfy regular expression pattern: ^(https|s3)://([^/])/?(.*)$',
      );
    }
  }
  if (spec.kmsKeyId !== undefined && spec.kmsKeyId.length > 2048) {
    p.value(`${PATH}.outputConfig.kmsKeyId`, spec.kmsKeyId, 'Member must have length less than or equal to 2048');
  }
  for (const [field, arn] of [
    ['successTopic', spec.successTopic],
    ['errorTopic', spec.errorTopic],
  ] as const) {
    if (arn !== undefined && (arn.length > 2048 || !TOPIC_ARN.test(arn))) {
      p.value(
        `${PATH}.outputConfig.notificationConfig.${field}`,
        arn,
        'Member must satisfy regular expression pattern: arn:aws[a-z\\-]*:sns:[a-z0-9\\-]*:[0-9]{12}:[a-zA-Z0-9_.-]+',
      );
    }
  }
  checkIncluded(p, spec.includeInferenceResponseIn ?? []);
  for (const [i, v] of config.productionVariants.entries()) {
    if (v.serverless) p.say(`productionVariants.${i + 1}.member: a ServerlessConfig cannot be used with AsyncInferenceConfig`);
  }
}

function checkIncluded(p: Problems, topics: readonly string[]): void {
  const path = `${PATH}.outputConfig.notificationConfig.includeInferenceResponseIn`;
  if (topics.length > 2) p.value(path, topics, 'Member must have length less than or equal to 2');
  topics.forEach((t, i) => {
    if (!TOPIC_TYPES.includes(t)) {
      p.value(`${path}.${i + 1}.member`, t, `Member must satisfy enum value set: [${TOPIC_TYPES.join(', ')}]`);
    }
  });
  if (new Set(topics).size !== topics.length) p.say(`${path}: each topic type may appear once`);
}
