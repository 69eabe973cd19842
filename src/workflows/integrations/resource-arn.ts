import { type IntegrationPattern, integrationPattern } from '../engine/task-integration.js';

/**
 * A Task `Resource` naming a service API through Step Functions: the optimized form
 * `arn:aws:states:::sagemaker:createTrainingJob.sync` or the SDK form
 * `arn:aws:states:::aws-sdk:sagemaker:createModelPackage`, with the pattern suffix split off.
 */
export interface ServiceResource {
  /** `sagemaker`, `states`, `events`, `lambda`, `http`, `sqs`, `s3`, … */
  readonly service: string;
  /** The API action as written (`createTrainingJob`, `startExecution`, `getObject`). */
  readonly action: string;
  /** True for `aws-sdk:` resources. */
  readonly sdk: boolean;
  readonly pattern: IntegrationPattern;
  /** The suffix as written: '', `.sync`, `.sync:2`, `.waitForTaskToken`. */
  readonly suffix: string;
}

const SERVICE_ARN =
  /^arn:aws[a-z-]*:states:[^:]*:[^:]*:(aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)((?:\.sync(?::\d+)?)|\.waitForTaskToken)?$/;

/** The service resource `resource` names, or undefined when it is not one (a Lambda function ARN, a typo). */
export function serviceResource(resource: string): ServiceResource | undefined {
  const m = SERVICE_ARN.exec(resource);
  if (!m) return undefined;
  return {
    service: m[2] as string,
    action: m[3] as string,
    sdk: m[1] !== undefined,
    pattern: integrationPattern(resource),
    suffix: m[4] ?? '',
  };
}

/** `sagemaker:createTrainingJob.sync`, `aws-sdk:s3:getObject`: how messages and tables name a resource. */
export function resourceKey(r: ServiceResource): string {
  return `${r.sdk ? 'aws-sdk:' : ''}${r.service}:${r.action}${r.suffix}`;
}

/** The function name a bare Lambda ARN names (`arn:aws:lambda:us-east-1:123:function:score:prod` → `score`). */
export function lambdaFunctionName(resource: string): string | undefined {
  const m = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/.exec(resource);
  return m?.[1];
}
