/**
 * `godwit sql --server URL`: the script goes to a Godwit server's query API (`POST /api/v1/query`)
 * with a bearer token, and runs there as the token's principal, through its views (the server
 * rewrites it; this process never opens a warehouse). The answer is the script's last statement.
 */
import type { ErrorCode } from '../../core/error-codes.js';
import { GodwitError } from '../../core/errors.js';
import type { SqlParams } from '../../warehouse/index.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { rowsTable } from '../format.js';
import type { Handler } from '../spec/command-spec.js';

type Io = Parameters<Handler['run']>[0]['io'];

interface Answer {
  readonly warehouse: string;
  readonly statements: number;
  readonly columns: readonly { name: string; type: string }[];
  readonly rows: readonly Record<string, unknown>[];
  readonly rowCount: number;
  readonly truncated: boolean;
}

export async function runOnServer(
  io: Io,
  values: { server?: string; token?: string; warehouse?: string; dialect?: string; json?: boolean; 'max-rows'?: string },
  script: string,
  params: SqlParams,
  cell: (value: unknown) => string,
): Promise<number> {
  const base = (values.server as string).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(base))
    throw new UsageError(`--server takes the server's URL (http://HOST:PORT), not "${values.server}".`);
  const token = values.token ?? io.env.GODWIT_TOKEN;
  const maxRows = values['max-rows'] === undefined ? undefined : Number(values['max-rows']);
  if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows >= 1))
    throw new UsageError(`--max-rows must be a whole number ≥ 1, not "${values['max-rows']}".`);
  const body = { sql: script, dialect: values.dialect, warehouse: values.warehouse, maxRows, params };
  let res: Response;
  try {
    res = await fetch(`${base}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new GodwitError('E_SERVER_UNRESPONSIVE', `No Godwit server answers at ${base}: ${(err as Error).message}.`, {
      hint: 'Check the URL, or start one with: godwit server',
    });
  }
  const answer = (await res.json().catch(() => ({}))) as Answer & { error?: { code: string; message: string; hint?: string } };
  if (!res.ok || answer.error) {
    const e = answer.error ?? { code: 'E_SERVER_UNRESPONSIVE', message: `${base} answered HTTP ${res.status}.` };
    const hint =
      res.status === 401 && !token
        ? 'Give a bearer token with --token or GODWIT_TOKEN (godwit principals tokens create NAME).'
        : e.hint;
    throw new GodwitError(e.code as ErrorCode, e.message, hint ? { hint } : undefined);
  }
  if (values.json) {
    json(io, answer);
    return EXIT.ok;
  }
  if (answer.columns.length > 0) write(io.stdout, rowsTable(answer.columns, answer.rows, cell));
  const rows = `${answer.rowCount} row${answer.rowCount === 1 ? '' : 's'}${answer.columns.length > 0 ? '' : ' affected'}`;
  write(io.stderr, `-- ${rows} from ${base}${answer.truncated ? ` (more rows were cut: raise --max-rows)` : ''}`);
  return EXIT.ok;
}
