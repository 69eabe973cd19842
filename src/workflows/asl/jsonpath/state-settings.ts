import type { FailState, Json, MapState, TaskState, WaitState } from '../asl-types.js';
import type { MapLimits, StateScope } from '../data-flow.js';
import { StatesError } from '../states-error.js';
import { evaluateIntrinsic } from './intrinsics/intrinsic-eval.js';
import { type PathData, preview, requireReferencePath } from './path-reader.js';
import { dataWith, filteredInput } from './state-io.js';
import { parseTimestamp } from './timestamp.js';

/**
 * A number setting given directly or through its `…Path` Reference Path (read from the state's
 * input after `InputPath`); what the path selects must be an integer of at least `min` (or, for
 * a percentage, any number from 0 to 100).
 */
function numberSetting(
  direct: unknown,
  path: string | undefined,
  field: string,
  data: PathData,
  min: number,
  percent = false,
): number | undefined {
  const value = path !== undefined ? requireReferencePath(path, data, `${field}Path`) : direct;
  if (value === undefined) return undefined;
  const ok = typeof value === 'number' && (percent ? value >= 0 && value <= 100 : Number.isInteger(value) && value >= min);
  if (!ok) {
    const wanted = percent ? 'a number from 0 to 100' : `an integer of at least ${min}`;
    throw new StatesError(
      'States.Runtime',
      `${field} must be ${wanted}, got ${preview(value as Json)}${path ? ` from ${path}` : ''}.`,
    );
  }
  return value as number;
}

export function waitEnd(state: WaitState, scope: StateScope, now: Date): Date {
  const data = dataWith(scope, filteredInput(state, scope));
  const seconds = numberSetting(state.Seconds, state.SecondsPath, 'Seconds', data, 0);
  if (seconds !== undefined) return new Date(now.getTime() + seconds * 1000);
  const stamp =
    state.TimestampPath !== undefined ? requireReferencePath(state.TimestampPath, data, 'TimestampPath') : state.Timestamp;
  const ms = typeof stamp === 'string' ? parseTimestamp(stamp) : undefined;
  if (ms === undefined) {
    throw new StatesError(
      'States.Runtime',
      `The Wait state's Timestamp ${preview(stamp as Json)} is not an ISO 8601 date-time such as 2016-03-14T01:59:00Z.`,
    );
  }
  return new Date(ms);
}

/** `Error` / `ErrorPath` and `Cause` / `CausePath`; the paths (or intrinsic functions) read the raw input. */
export function failureOf(state: FailState, scope: StateScope): { error: string; cause: string } {
  return {
    error: failText(state.Error, state.ErrorPath, 'Error', scope),
    cause: failText(state.Cause, state.CausePath, 'Cause', scope),
  };
}

function failText(direct: string | undefined, path: string | undefined, field: string, scope: StateScope): string {
  if (path === undefined) return direct ?? '';
  const value = path.trim().startsWith('$')
    ? requireReferencePath(path, scope, `${field}Path`)
    : evaluateIntrinsic(path, scope, `${field}Path`);
  if (typeof value !== 'string')
    throw new StatesError('States.Runtime', `The Fail state's ${field}Path ${path} must select a string, got ${preview(value)}.`);
  return value;
}

export function timeoutsOf(state: TaskState, scope: StateScope): { timeoutSeconds?: number; heartbeatSeconds?: number } {
  const data = dataWith(scope, filteredInput(state, scope));
  const timeoutSeconds = numberSetting(state.TimeoutSeconds, state.TimeoutSecondsPath, 'TimeoutSeconds', data, 1);
  const heartbeatSeconds = numberSetting(state.HeartbeatSeconds, state.HeartbeatSecondsPath, 'HeartbeatSeconds', data, 1);
  return {
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
  };
}

export function mapLimitsOf(state: MapState, scope: StateScope): MapLimits {
  const data = dataWith(scope, filteredInput(state, scope));
  const percentage = numberSetting(
    state.ToleratedFailurePercentage,
    state.ToleratedFailurePercentagePath,
    'ToleratedFailurePercentage',
    data,
    0,
    true,
  );
  const count = numberSetting(state.ToleratedFailureCount, state.ToleratedFailureCountPath, 'ToleratedFailureCount', data, 0);
  return {
    maxConcurrency: numberSetting(state.MaxConcurrency, state.MaxConcurrencyPath, 'MaxConcurrency', data, 0) ?? 0,
    ...(percentage === undefined ? {} : { toleratedFailurePercentage: percentage }),
    ...(count === undefined ? {} : { toleratedFailureCount: count }),
  };
}

/** `ItemsPath` (default `$`) of the Map's input after `InputPath`; it must select an array. */
export function mapItemsOf(state: MapState, scope: StateScope): readonly Json[] {
  const input = filteredInput(state, scope);
  const items =
    state.ItemsPath === undefined ? input : requireReferencePath(state.ItemsPath, dataWith(scope, input), 'ItemsPath');
  if (!Array.isArray(items)) {
    throw new StatesError(
      'States.Runtime',
      `The Map state's ItemsPath ${state.ItemsPath ?? '$'} must select an array, got ${preview(items)}.`,
    );
  }
  return items;
}
