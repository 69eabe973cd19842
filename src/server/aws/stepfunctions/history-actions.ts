import type { HistoryEvent } from '../../../workflows/workflow-service.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds, type Input, optionalString } from '../aws-input.js';
import type { SfnContext } from './sfn-context.js';
import { executionArnOf, pageSizeOf } from './sfn-input.js';

/** The fields of an event's details that are execution data, left out when `includeExecutionData` is false. */
const EXECUTION_DATA = ['input', 'output'];

/** GetExecutionHistory: Step Functions' `HistoryEvent`s, oldest first (or newest first), a page at a time. */
export async function getExecutionHistory(input: Input, { workflows }: SfnContext) {
  const includeExecutionData = flag(input, 'includeExecutionData') ?? true;
  const page = await workflows.getExecutionHistory(executionArnOf(input), {
    maxResults: pageSizeOf(input),
    nextToken: optionalString(input, 'nextToken'),
    reverseOrder: flag(input, 'reverseOrder') ?? false,
    includeExecutionData,
  });
  return { events: page.items.map((e) => historyEventOut(e, includeExecutionData)), nextToken: page.nextToken };
}

/**
 * One event as Step Functions writes it: its details under the member its type names
 * (`taskScheduledEventDetails` for `TaskScheduled`, `mapIterationStartedEventDetails`), except that
 * every `…StateEntered` / `…StateExited` shares `stateEnteredEventDetails` / `stateExitedEventDetails`.
 */
export function historyEventOut(e: HistoryEvent, includeExecutionData = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: epochSeconds(e.timestamp),
    type: e.type,
    id: e.id,
    previousEventId: e.previousEventId,
  };
  if (e.details) {
    const details = includeExecutionData ? e.details : withoutData(e.details);
    out[detailsMember(e.type)] = details;
  }
  return out;
}

export function detailsMember(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

function withoutData(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) if (!EXECUTION_DATA.includes(key)) out[key] = value;
  return out;
}

function flag(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at '${field}' must be a boolean`,
    );
  }
  return value;
}
