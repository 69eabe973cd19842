import { arn } from '../arns.js';
import type { In } from './cloudwatch-input.js';

/**
 * CloudWatch: `cloudwatch:<Action>` on the alarms an alarm action names (`alarm:NAME`, each of
 * `AlarmNames`), `*` for metrics, which IAM gives no resource-level permissions.
 */
export function cloudwatchResources(input: In, region: string): string | string[] {
  const names: unknown[] = [];
  if (typeof input.AlarmName === 'string') names.push(input.AlarmName);
  if (Array.isArray(input.AlarmNames)) names.push(...input.AlarmNames);
  const alarms = names
    .filter((n): n is string => typeof n === 'string' && n !== '')
    .map((n) => arn('cloudwatch', region, `alarm:${n}`));
  return alarms.length > 0 ? alarms : '*';
}
