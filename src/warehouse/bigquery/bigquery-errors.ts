/**
 * BigQuery's failures as Godwit's codes. The API answers `{error: {code, message, errors:
 * [{reason}]}}`; the client turns that into an error with `code` (HTTP status) and `errors`, and a
 * job that failed into one whose `errors` come from `status.errors`. Connection failures carry
 * Node's errno code, sometimes a `cause` or two down.
 */
import { GodwitError } from '../../core/errors.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH']);

export interface BigQueryErrorContext {
  /** The warehouse's configured name. */
  readonly warehouse: string;
  readonly endpoint: string;
  /** What was being done, for the message: `run a query`, `load gs://b/x.csv into …`. */
  readonly action: string;
}

export function bigQueryError(err: unknown, ctx: BigQueryErrorContext): GodwitError {
  if (err instanceof GodwitError) return err;
  const e = err as { code?: unknown; message?: string; errors?: { reason?: string; message?: string }[] } | null;
  const status = typeof e?.code === 'number' ? e.code : undefined;
  const reasons = (e?.errors ?? []).map((x) => x.reason);
  const detail = (e?.errors?.[0]?.message ?? e?.message ?? String(err)).split('\n')[0];
  const where = `BigQuery warehouse "${ctx.warehouse}" (${ctx.endpoint})`;
  if (status === 401 || status === 403 || reasons.includes('accessDenied')) {
    return new GodwitError('E_WAREHOUSE_AUTH', `${where} refused to ${ctx.action}: ${detail}`, {
      hint: 'Check the credentials the client found (Application Default Credentials: `gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS) and their roles (BigQuery Job User, and Data Editor on the dataset).',
      cause: err,
    });
  }
  if (status === 404 || reasons.includes('notFound')) {
    return new GodwitError('E_TABLE_NOT_FOUND', `${where} could not ${ctx.action}: ${detail}`, {
      hint: 'Check the project, dataset and table names (and the location); create a missing dataset with CREATE SCHEMA `project.dataset`.',
      cause: err,
    });
  }
  const code = connectionCode(err);
  if (code !== undefined) {
    return new GodwitError('E_WAREHOUSE_UNREACHABLE', `Could not reach ${where} to ${ctx.action} (${code}).`, {
      hint: "Check the warehouse's `endpoint` (or BIGQUERY_EMULATOR_HOST) and the network; without an endpoint Godwit talks to bigquery.googleapis.com.",
      cause: err,
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new GodwitError('E_SQL', `${where} rejected the statement: ${detail}`, {
      hint: 'Fix the SQL (BigQuery GoogleSQL); a dry run shows such errors without running anything.',
      cause: err,
    });
  }
  return new GodwitError('E_SQL', `${where} failed to ${ctx.action}: ${detail}`, { cause: err });
}

function connectionCode(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
  }
  return undefined;
}
