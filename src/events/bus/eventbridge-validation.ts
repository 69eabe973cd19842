import { GodwitError } from '../../core/errors.js';
import { EventPattern } from '../patterns/event-pattern.js';
import { invalid } from './eventbridge-arns.js';
import type { ArchiveDefinition, RuleDefinition, Target } from './eventbridge-records.js';
import { inputProblem } from './target-input.js';
import { targetKind } from './target-invoker.js';

/** EventBridge's name rules (botocore `events` 2015-10-07). */
const NAME = /^[.\-_A-Za-z0-9]+$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]+$/;

export function checkName(kind: string, name: string, max: number, pattern: RegExp = NAME): void {
  if (!name || name.length > max || !pattern.test(name))
    throw invalid(
      `${kind} name ${JSON.stringify(name)} is not valid.`,
      `Use 1–${max} of the characters ${pattern.source.slice(2, -3)}.`,
    );
}

export function checkBusName(name: string): void {
  checkName('Event bus', name, 256, BUS_NAME);
  if (name.startsWith('aws.'))
    throw invalid(`Event bus name ${name} is reserved.`, 'Names starting with "aws." are for partner buses.');
}

/** PutRule's checks: a name, exactly one of a valid pattern and a schedule, schedules only on the default bus. */
export function checkRule(rule: RuleDefinition, bus: string): void {
  checkName('Rule', rule.name, 64);
  if (!rule.eventPattern && !rule.scheduleExpression)
    throw invalid(
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      'Give the rule an event pattern or a schedule.',
    );
  if (rule.scheduleExpression && bus !== 'default')
    throw invalid('ScheduleExpression is supported only on the default event bus.', 'Put scheduled rules on the default bus.');
  if (rule.scheduleExpression && rule.scheduleExpression.length > 256)
    throw invalid('ScheduleExpression is longer than 256 characters.');
  if (rule.eventPattern) EventPattern.parse(rule.eventPattern);
  if (rule.description && rule.description.length > 512) throw invalid('Description is longer than 512 characters.');
  if (rule.state && rule.state !== 'ENABLED' && rule.state !== 'DISABLED')
    throw invalid(`State ${rule.state} is not valid.`, 'Use ENABLED or DISABLED.');
}

export function checkArchive(archive: ArchiveDefinition): void {
  checkName('Archive', archive.archiveName, 48);
  if (archive.eventPattern) EventPattern.parse(archive.eventPattern);
  if (archive.retentionDays !== undefined && (!Number.isInteger(archive.retentionDays) || archive.retentionDays < 0))
    throw invalid(
      `RetentionDays ${archive.retentionDays} is not valid.`,
      'Give a whole number of days, 0 to keep events forever.',
    );
}

/** Why PutTargets refuses a target (a failed entry, as EventBridge reports it), or undefined. */
export function targetProblem(target: Target): string | undefined {
  if (!target.id || target.id.length > 64 || !NAME.test(target.id)) return `Target id ${JSON.stringify(target.id)} is not valid.`;
  if (!targetKind(target.arn))
    return `Target ${target.id}: ${target.arn} is not an ARN Godwit delivers to (a SageMaker pipeline, a state machine, an event bus, or arn:godwit:command:…:command/NAME).`;
  const retry = target.retryPolicy;
  if (retry && (!inRange(retry.maximumRetryAttempts, 0, 185) || !inRange(retry.maximumEventAgeInSeconds, 60, 86_400)))
    return `Target ${target.id}: RetryPolicy allows 0–185 MaximumRetryAttempts and 60–86400 MaximumEventAgeInSeconds.`;
  return inputProblem(target);
}

const inRange = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
