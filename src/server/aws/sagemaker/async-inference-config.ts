import type { AsyncInferenceSpec } from '../../../endpoints/endpoint-records.js';
import { type Input, optionalString } from '../aws-input.js';
import { optionalNumber, strings, struct } from './hosting-input.js';

/** CreateEndpointConfig's `AsyncInferenceConfig` → the catalog's spec; value rules are the library's. */
export function asyncInferenceIn(c: Input): AsyncInferenceSpec {
  const client = struct(c, 'ClientConfig') ?? {};
  const output = struct(c, 'OutputConfig') ?? {};
  const notify = struct(output, 'NotificationConfig') ?? {};
  const fields = {
    maxConcurrentInvocationsPerInstance: optionalNumber(client, 'MaxConcurrentInvocationsPerInstance'),
    s3OutputPath: optionalString(output, 'S3OutputPath'),
    s3FailurePath: optionalString(output, 'S3FailurePath'),
    kmsKeyId: optionalString(output, 'KmsKeyId'),
    successTopic: optionalString(notify, 'SuccessTopic'),
    errorTopic: optionalString(notify, 'ErrorTopic'),
    includeInferenceResponseIn:
      notify.IncludeInferenceResponseIn === undefined ? undefined : strings(notify, 'IncludeInferenceResponseIn'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as AsyncInferenceSpec;
}

/** The spec as DescribeEndpointConfig answers it (absent members left out, as SageMaker does). */
export function asyncInferenceOut(s: AsyncInferenceSpec) {
  const notification = {
    SuccessTopic: s.successTopic,
    ErrorTopic: s.errorTopic,
    IncludeInferenceResponseIn: s.includeInferenceResponseIn,
  };
  const anyNotification = Object.values(notification).some((v) => v !== undefined);
  return {
    ClientConfig:
      s.maxConcurrentInvocationsPerInstance === undefined
        ? undefined
        : { MaxConcurrentInvocationsPerInstance: s.maxConcurrentInvocationsPerInstance },
    OutputConfig: {
      KmsKeyId: s.kmsKeyId,
      S3OutputPath: s.s3OutputPath,
      NotificationConfig: anyNotification ? notification : undefined,
      S3FailurePath: s.s3FailurePath,
    },
  };
}
