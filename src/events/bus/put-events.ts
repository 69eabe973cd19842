import { busName } from './eventbridge-arns.js';
import type { BusEvent } from './eventbridge-records.js';
import type { PutEventsEntry } from './eventbridge-service.js';

/** The limit EventBridge puts on one entry (256 KB in all). */
const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * One PutEvents entry as an event for its bus, or the per-entry error EventBridge reports
 * (`InvalidArgument`, `MalformedDetail`) instead of failing the whole request.
 */
export function checkedEntry(
  entry: PutEventsEntry,
  now: Date,
): BusEvent | { readonly errorCode: string; readonly errorMessage: string } {
  const missing = (['source', 'detailType', 'detail'] as const).filter((k) => !entry[k]);
  if (missing.length > 0)
    return { errorCode: 'InvalidArgument', errorMessage: `Parameter(s) ${missing.map(apiName).join(', ')} must be specified.` };
  let detail: unknown;
  try {
    detail = JSON.parse(entry.detail as string);
  } catch {
    return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail))
    return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed: it must be a JSON object.' };
  const size = Buffer.byteLength(`${entry.source}${entry.detailType}${entry.detail}${(entry.resources ?? []).join('')}`);
  if (size > MAX_ENTRY_BYTES)
    return { errorCode: 'InvalidArgument', errorMessage: `The entry is ${size} bytes, more than 256 KB.` };
  return {
    eventBusName: busName(entry.eventBusName),
    source: entry.source as string,
    detailType: entry.detailType as string,
    time: entry.time ?? now,
    resources: entry.resources ?? [],
    detail: detail as Record<string, unknown>,
  };
}

const apiName = (k: string) => ({ source: 'Source', detailType: 'DetailType', detail: 'Detail' })[k] ?? k;
