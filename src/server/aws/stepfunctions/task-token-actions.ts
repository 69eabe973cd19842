import { AwsError } from '../aws-error.js';
import { type Input, optionalString, requiredString } from '../aws-input.js';
import type { SfnContext } from './sfn-context.js';

/** Step Functions' TaskToken: 1 to 2048 characters; anything else is not a token at all. */
function tokenOf(input: Input): string {
  const token = optionalString(input, 'taskToken');
  if (token === undefined || token.length === 0 || token.length > 2048) {
    throw new AwsError('InvalidToken', `Invalid Token: '${token ?? ''}' is not a task token (1 to 2048 characters).`);
  }
  return token;
}

/** SendTaskSuccess: the waiting `.waitForTaskToken` Task succeeds with `output` (JSON text) as its result. */
export async function sendTaskSuccess(input: Input, { workflows }: SfnContext) {
  const token = tokenOf(input);
  const output = requiredString(input, 'output');
  try {
    JSON.parse(output);
  } catch {
    throw new AwsError('InvalidOutput', `Invalid Output: the output is not JSON: ${output.slice(0, 200)}`);
  }
  await workflows.sendTaskSuccess(token, output);
  return {};
}

/** SendTaskFailure: the waiting Task fails with `error` and `cause` (its Retry and Catch apply). */
export async function sendTaskFailure(input: Input, { workflows }: SfnContext) {
  await workflows.sendTaskFailure(tokenOf(input), {
    error: optionalString(input, 'error'),
    cause: optionalString(input, 'cause'),
  });
  return {};
}

/** SendTaskHeartbeat: the waiting Task is alive; its `HeartbeatSeconds` starts again. */
export async function sendTaskHeartbeat(input: Input, { workflows }: SfnContext) {
  await workflows.sendTaskHeartbeat(tokenOf(input));
  return {};
}
