import { ACCOUNT_ID } from '../../../core/arns.js';
import { fieldReaders, type Input } from '../aws-input.js';

/**
 * The field readers in CloudWatch Logs' terms (aws-input's, with its validation error,
 * `InvalidParameterException`, in place of `ValidationException`); its times are epoch
 * milliseconds, read as integers.
 */
export const { invalid, optionalString, requiredString, integerIfGiven, optionalInteger, optionalBoolean, optionalStringList } =
  fieldReaders('InvalidParameterException');

/** `logGroupName`, or `logGroupIdentifier` (a name or the group's ARN); exactly one. */
export function groupOf(input: Input): string {
  const name = optionalString(input, 'logGroupName');
  const identifier = optionalString(input, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const given = name ?? identifier;
  if (given === undefined || given === '') throw invalid('Either logGroupName or logGroupIdentifier must be given.');
  const m = /^arn:aws[a-z-]*:logs:[a-z0-9-]*:(\d{12}):log-group:(.+?)(:\*)?$/.exec(given);
  if (!m) return given;
  if (m[1] !== ACCOUNT_ID) throw invalid(`The ARN ${given} names account ${m[1]}; Godwit's local account is ${ACCOUNT_ID}.`);
  return m[2];
}
