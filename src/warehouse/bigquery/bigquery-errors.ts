/**
 * BigQuery's failures as Godwit's codes. The API answers `{error: {code, message, errors:
 * [{reason}]}}`; the client turns that into an error with `code` (HTTP status) and `errors`, and a
 * job that failed into one whose `errors` come from `status.errors`. Connection failures carry
 * Node's errno code, sometimes a `cause` or two down.
 *
 * The client's error is not kept as the `cause`: its message quotes URLs and its request config
 * holds headers, and secrets must not travel with an error. What it says is in the message,
 * redacted.
 */
import { GodwitError } from '../../core/errors.js';
import { unreachableCode } from '../../core/network-errors.js';
import { redactUrlsIn } from '../../core/redact.js';

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
  // Libraries quote the URL they were given, password and all: redact before it reaches a message.
  const detail = redactUrlsIn((e?.errors?.[0]?.message ?? e?.message ?? String(err)).split('\n')[0] ?? '');
  const where = `BigQuery warehouse "${ctx.warehouse}" (${ctx.endpoint})`;
  if (status === 401 || status === 403 || reasons.includes('accessDenied')) {
    return new GodwitError('E_WAREHOUSE_AUTH', `${where} refused to ${ctx.action}: ${detail}`, {
      hint: 'Check the credentials the client found (Application Default Credentials: `gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS) and their roles (BigQuery Job User, and Data Editor on the dataset).',
    });
  }
  if (status === 409 || reasons.includes('duplicate')) {
    return new GodwitError('E_TABLE_EXISTS', `${where} could not ${ctx.action}: ${detail}`, {
      hint: 'Pick another name, drop the table first, or replace it (CREATE OR REPLACE, `replace: true`).',
    });
  }
  if (status === 404 || reasons.includes('notFound')) {
    return new GodwitError('E_TABLE_NOT_FOUND', `${where} could not ${ctx.action}: ${detail}`, {
      hint: 'Check the project, dataset and table names (and the location); create a missing dataset with CREATE SCHEMA `project.dataset`.',
    });
  }
  const code = unreachableCode(err);
  if (code !== undefined) {
    return new GodwitError('E_WAREHOUSE_UNREACHABLE', `Could not reach ${where} to ${ctx.action} (${code}).`, {
      hint: "Check the warehouse's `endpoint` (or BIGQUERY_EMULATOR_HOST) and the network; without an endpoint Godwit talks to bigquery.googleapis.com.",
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new GodwitError('E_SQL', `${where} rejected the statement: ${detail}`, {
      hint: 'Fix the SQL (BigQuery GoogleSQL); a dry run shows such errors without running anything.',
    });
  }
  return new GodwitError('E_SQL', `${where} failed to ${ctx.action}: ${detail}`);
}

/**
 * A load job's failure: no object at the source URI is E_NOT_FOUND, data BigQuery rejects is
 * E_COPY, both naming the source; anything else as for any statement.
 */
export function loadError(err: unknown, ctx: BigQueryErrorContext, uri: string): GodwitError {
  const e = err as { errors?: { reason?: string; message?: string }[] } | null;
  const first = e?.errors?.[0];
  if (first?.reason === 'notFound' && /\buris?\b/i.test(first.message ?? '')) {
    return new GodwitError(
      'E_NOT_FOUND',
      `No objects at ${uri} for BigQuery warehouse "${ctx.warehouse}" to load: ${first.message}`,
      {
        hint: 'Check the URI (a prefix ends in "/"), or list it with `godwit storage ls`.',
      },
    );
  }
  if (first?.reason === 'invalid') {
    return new GodwitError('E_COPY', `BigQuery warehouse "${ctx.warehouse}" rejected the data at ${uri}: ${first.message}`, {
      hint: 'Check the format and CSV options (header, delimiter, quote, null marker) against the files; nothing was loaded.',
    });
  }
  return bigQueryError(err, ctx);
}
