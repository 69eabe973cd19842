import type { Json } from '../asl/asl-types.js';
import { takeCheckedText } from '../asl/jsonpath/payload-limit.js';
import { PAYLOAD_LIMIT_BYTES, StatesError } from '../asl/states-error.js';

/**
 * A state's data as the JSON text history events carry, refused over Step Functions' 256 KiB
 * (`States.DataLimitExceeded`, naming the state). Text shorter than a third of the limit cannot be
 * over it in UTF-8 bytes, so most payloads are never measured.
 */
export function payloadText(value: Json, where: string): string {
  const text = takeCheckedText(value) ?? JSON.stringify(value) ?? 'null';
  if (text.length * 3 > PAYLOAD_LIMIT_BYTES && Buffer.byteLength(text) > PAYLOAD_LIMIT_BYTES) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The ${where} has ${Buffer.byteLength(text)} bytes, over the limit of ${PAYLOAD_LIMIT_BYTES} bytes (256 KiB).`,
    );
  }
  return text;
}

/**
 * A Task resource as the history names it (`TaskScheduled.resourceType` / `resource`):
 * `arn:aws:states:::sagemaker:createTrainingJob.sync` is (`sagemaker`, `createTrainingJob.sync`);
 * any other ARN, such as a Lambda function's, is (its service, the ARN).
 */
export function resourceParts(resource: string): { resourceType: string; resource: string } {
  const m = /^arn:aws:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(resource);
  if (m) return { resourceType: m[1], resource: m[2] };
  const service = /^arn:aws:([^:]+):/.exec(resource)?.[1];
  return { resourceType: service ?? 'unknown', resource };
}
