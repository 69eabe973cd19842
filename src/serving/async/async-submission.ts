import { randomUUID } from 'node:crypto';
import type { NewAsyncRequest } from '../../async-inference/async-records.js';
import { GodwitError } from '../../core/errors.js';
import type { AsyncInferenceSpec } from '../../endpoints/endpoint-records.js';

/** InvokeEndpointAsync as the door reads it from the request's headers (and inline body). */
export interface AsyncSubmission {
  readonly endpointName: string;
  readonly inputLocation?: string;
  /** The newer SDKs' inline payload (at most 128,000 bytes), instead of `inputLocation`. */
  readonly body?: Buffer;
  readonly contentType?: string;
  readonly accept?: string;
  readonly customAttributes?: string;
  readonly inferenceId?: string;
  readonly requestTtlSeconds?: number;
  readonly invocationTimeoutSeconds?: number;
  /** Newer SDKs: a path appended to the output path, and the output object's name. */
  readonly s3OutputPathExtension?: string;
  readonly filename?: string;
}

/** SageMaker's defaults: six hours in the queue, fifteen minutes in the model. */
export const DEFAULT_TTL_SECONDS = 21_600;
export const DEFAULT_TIMEOUT_SECONDS = 900;
const MAX_INLINE = 128_000;
/** SageMaker takes `s3://` and `https://`; Godwit's workers read any store: `s3://`, `gs://`, `file://`. */
const INPUT_URI = /^(s3|gs):\/\/[^/]+\/?.*$|^file:\/\/\/?.+$/;
const INFERENCE_ID = /^\S[\x20-\x7e]*$/;

/**
 * Checks a submission as SageMaker Runtime does (its wording, every problem at once) and fixes
 * everything the request will need: its ids, where its result and failure go, its deadlines and
 * the notification settings of the endpoint config it was accepted under.
 */
export function acceptSubmission(s: AsyncSubmission, spec: AsyncInferenceSpec, now: Date): NewAsyncRequest {
  checkSubmission(s);
  const inferenceId = s.inferenceId ?? randomUUID();
  const output = under(spec.s3OutputPath as string, s.s3OutputPathExtension);
  const failure = under(spec.s3FailurePath ?? (spec.s3OutputPath as string), s.s3OutputPathExtension);
  const ttl = s.requestTtlSeconds ?? DEFAULT_TTL_SECONDS;
  return {
    id: randomUUID(),
    inferenceId,
    endpointName: s.endpointName,
    ...(s.inputLocation !== undefined && { inputLocation: s.inputLocation }),
    ...(s.body !== undefined && { body: s.body }),
    contentType: s.contentType ?? 'application/octet-stream',
    ...(s.accept !== undefined && { accept: s.accept }),
    ...(s.customAttributes !== undefined && { customAttributes: s.customAttributes }),
    outputLocation: `${output}/${s.filename ?? `${inferenceId}.out`}`,
    failureLocation: `${failure}/${inferenceId}-error.out`,
    notification: {
      ...(spec.successTopic !== undefined && { successTopic: spec.successTopic }),
      ...(spec.errorTopic !== undefined && { errorTopic: spec.errorTopic }),
      ...(spec.includeInferenceResponseIn !== undefined && { includeInferenceResponseIn: spec.includeInferenceResponseIn }),
    },
    receivedAt: now,
    expiresAt: new Date(now.getTime() + ttl * 1000),
    invocationTimeoutSeconds: s.invocationTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

function under(path: string, extension: string | undefined): string {
  const base = path.replace(/\/+$/, '');
  return extension ? `${base}/${extension.replace(/^\/+|\/+$/g, '')}` : base;
}

function checkSubmission(s: AsyncSubmission): void {
  const problems: string[] = [];
  const value = (field: string, v: unknown, constraint: string) =>
    problems.push(`Value '${v}' at '${field}' failed to satisfy constraint: ${constraint}`);
  if (s.inputLocation === undefined && s.body === undefined) {
    problems.push("Value null at 'inputLocation' failed to satisfy constraint: Member must not be null");
  }
  if (s.inputLocation !== undefined && s.body !== undefined) {
    problems.push('Body and InputLocation are mutually exclusive: provide exactly one of them');
  }
  if (s.inputLocation !== undefined && (s.inputLocation.length > 1024 || !INPUT_URI.test(s.inputLocation))) {
    // SageMaker's pattern is ^(https|s3)://…; Godwit reads objects through its stores, not https.
    value('inputLocation', s.inputLocation, 'Member must satisfy regular expression pattern: ^(s3|gs|file)://([^/]+)/?(.*)$');
  }
  if (s.body !== undefined && s.body.length > MAX_INLINE) {
    value('body', `${s.body.length} bytes`, `Member must have length less than or equal to ${MAX_INLINE}`);
  }
  if (s.inferenceId !== undefined && !(s.inferenceId.length <= 64 && INFERENCE_ID.test(s.inferenceId))) {
    value('inferenceId', s.inferenceId, 'Member must satisfy regular expression pattern: \\A\\S[\\p{Print}]*\\z');
  }
  range(problems, 'requestTTLSeconds', s.requestTtlSeconds, 60, 21_600);
  range(problems, 'invocationTimeoutSeconds', s.invocationTimeoutSeconds, 1, 3600);
  if (problems.length === 0) return;
  const n = problems.length;
  throw new GodwitError('E_ASYNC_VALIDATION', `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`, {
    hint: 'Give InputLocation as an s3://, gs:// or file:// URI of the input object; RequestTTLSeconds is 60–21600 and InvocationTimeoutSeconds 1–3600.',
  });
}

function range(problems: string[], field: string, v: number | undefined, min: number, max: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min) {
    problems.push(
      `Value '${v}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
    );
  } else if (v > max) {
    problems.push(`Value '${v}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
}
