/** How `godwit workflows run|history` show history events (Step Functions' HistoryEvent shape, as the door answers). */
export type WireEvent = Record<string, unknown> & { id: number; type: string; timestamp: number };

/** The event's `<type>EventDetails` member, whatever its name. */
function detailsOf(e: WireEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(e)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') return value as Record<string, unknown>;
  }
  return {};
}

/** One line: seconds since `start`, then what happened (`→ train (Task)`, `✗ TaskFailed States.Timeout: …`). */
export function eventLine(e: WireEvent, start: number): string {
  const d = detailsOf(e);
  const at = `+${(e.timestamp - start).toFixed(1)}s`.padStart(8);
  const name = typeof d.name === 'string' ? d.name : '';
  if (e.type.endsWith('StateEntered')) return `${at}  → ${name} (${e.type.slice(0, -'StateEntered'.length)})`;
  if (e.type.endsWith('StateExited')) return `${at}  ← ${name}`;
  if (typeof d.error === 'string' || typeof d.cause === 'string') {
    return `${at}  ✗ ${e.type} ${[d.error, d.cause].filter((x) => typeof x === 'string' && x !== '').join(': ')}`;
  }
  const extra = typeof d.resource === 'string' ? ` ${d.resource}` : typeof d.index === 'number' ? ` #${d.index}` : '';
  return `${at}  · ${e.type}${extra}`;
}

/** The types that end an execution. */
export const EXECUTION_ENDS = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
