import { ACCOUNT_ID } from '../../../core/arns.js';
import { AwsError } from '../aws-error.js';
import { type Input, requiredString } from '../aws-input.js';

/**
 * Step Functions' own checks on names and ARNs, made before the service is asked so a malformed
 * value is `InvalidName` / `InvalidArn` as on AWS, not "does not exist".
 */

/** Step Functions' name rule: 1–80 characters, none of white space, brackets, wildcards, `"#%\^|~`$&,;:/` or control characters. */
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function checkName(name: string, what: string): string {
  if (name.length === 0 || name.length > 80 || BAD_NAME.test(name)) {
    throw new AwsError(
      'InvalidName',
      `Invalid ${what} name "${name}": 1 to 80 characters, with no white space, brackets < > { } [ ], wildcards ? *, ` +
        'control characters or any of " # % \\ ^ | ~ ` $ & , ; : /.',
    );
  }
  return name;
}

const MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:(\d{12}):(execution|express):([^:]+):([^:]+)(:[^:]+)?$/;

/** A state machine's ARN (`arn:aws:states:<region>:000000000000:stateMachine:<name>`) from `field`. */
export function machineArnOf(input: Input, field = 'stateMachineArn'): string {
  return checkArn(requiredString(input, field), MACHINE_ARN, 'state machine', 'stateMachine:<name>');
}

/** An execution's ARN (`…:execution:<machine>:<name>`, or `…:express:…` for Express) from `field`. */
export function executionArnOf(input: Input, field = 'executionArn'): string {
  return checkArn(requiredString(input, field), EXECUTION_ARN, 'execution', 'execution:<state machine>:<name>');
}

/** A state machine or execution ARN (TagResource, ListTagsForResource). */
export function resourceArnOf(input: Input, field = 'resourceArn'): string {
  const value = requiredString(input, field);
  return MACHINE_ARN.test(value) ? machineArnOf(input, field) : executionArnOf(input, field);
}

function checkArn(value: string, form: RegExp, what: string, resource: string): string {
  const m = form.exec(value);
  if (!m)
    throw new AwsError(
      'InvalidArn',
      `Invalid Arn: '${value}' is not a ${what} ARN (arn:aws:states:<region>:${ACCOUNT_ID}:${resource}).`,
    );
  if (m[1] !== ACCOUNT_ID) {
    throw new AwsError('InvalidArn', `Invalid Arn: '${value}' names account ${m[1]}; Godwit's local account is ${ACCOUNT_ID}.`);
  }
  return value;
}

/** Step Functions' page size: 1 to 1000, 0 or absent for the default (100). */
export function pageSizeOf(input: Input): number | undefined {
  const value = input.maxResults;
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  return value;
}
