import { arn, DEFAULT_REGION } from '../../core/arns.js';
import { GodwitError } from '../../core/errors.js';
import { DEFAULT_BUS, type Page, type PageRequest } from './eventbridge-records.js';

/** EventBridge's ARNs in the local cloud's one form; a rule on another bus has the bus in its path, as on AWS. */
export const busArn = (bus: string) => arn('events', DEFAULT_REGION, `event-bus/${bus}`);
export const ruleArn = (bus: string, rule: string) =>
  arn('events', DEFAULT_REGION, bus === DEFAULT_BUS ? `rule/${rule}` : `rule/${bus}/${rule}`);
export const archiveArn = (name: string) => arn('events', DEFAULT_REGION, `archive/${name}`);
export const replayArn = (name: string) => arn('events', DEFAULT_REGION, `replay/${name}`);

/** A bus given by name or ARN (EventBridge's EventBusNameOrArn), as its name; `default` when absent. */
export function busName(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_BUS;
  const m = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return m ? (m[1] as string) : nameOrArn;
}

export const notFound = (what: string, name: string, hint: string) =>
  new GodwitError('E_EVENTBRIDGE_NOT_FOUND', `${what} ${name} does not exist.`, { hint });

export const invalid = (message: string, hint?: string) => new GodwitError('E_EVENTBRIDGE_INVALID', message, { hint });

/** One page of `items` (already in order) from an offset token: EventBridge's NextToken is opaque. */
export function pageOf<T>(items: readonly T[], page: PageRequest = {}, max = 100): Page<T> {
  const offset = page.nextToken === undefined ? 0 : Number(page.nextToken);
  if (!Number.isInteger(offset) || offset < 0) throw invalid(`The NextToken ${page.nextToken} is not one this server gave.`);
  const limit = Math.min(page.limit ?? max, max);
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextToken: String(offset + limit) } : { items: slice };
}
