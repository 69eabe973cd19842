import type { Clock } from '../../core/clock.js';
import { marks, slices } from '../../db/in-list.js';
import type { SqlDatabase, SqlRow, SqlValue } from '../../db/sql-database.js';
import type { AccessDecision, AccessLog, AccessLogFilter } from '../governance-records.js';
import { principalForms } from './principal-forms.js';

/** Rows per INSERT: 7 values each, well under both databases' limits on bound parameters. */
const ROWS_PER_INSERT = 200;

/** The newest decisions `list` returns when no limit is given. */
export const DEFAULT_AUDIT_LIMIT = 100;

/**
 * The access log over the database seam (access-audit-schema.ts), the same SQL on SQLite and
 * PostgreSQL. `record` writes every decision it is given in one multi-row INSERT (in slices of
 * ROWS_PER_INSERT, in one transaction), all stamped with one time; `list` reads newest first.
 */
export class SqlAccessLog implements AccessLog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async record(decisions: readonly Omit<AccessDecision, 'at'>[]): Promise<void> {
    if (decisions.length === 0) return;
    const at = this.clock.now();
    if (decisions.length <= ROWS_PER_INSERT) await recordDecisions(this.db, at, decisions);
    else await this.db.transaction((tx) => recordDecisions(tx, at, decisions));
  }

  async list(filter: AccessLogFilter = {}): Promise<AccessDecision[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.principal !== undefined) {
      const forms = principalForms(filter.principal);
      where.push(`principal IN (${marks(forms.length)})`);
      params.push(...forms);
    }
    if (filter.resource !== undefined) matching('resource', filter.resource, where, params);
    if (filter.action !== undefined) matching('LOWER(action)', filter.action.toLowerCase(), where, params);
    if (filter.decision !== undefined) {
      where.push('decision = ?');
      params.push(filter.decision);
    }
    if (filter.since !== undefined) {
      where.push('at >= ?');
      params.push(filter.since.toISOString());
    }
    params.push(filter.limit ?? DEFAULT_AUDIT_LIMIT);
    const rows = await this.db.query(
      `SELECT * FROM access_log${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      params,
    );
    return rows.map(toDecision);
  }
}

/**
 * Writes decisions into the access log on `db`, which may be a transaction's handle: a capability
 * that decides inside its own transaction (a grant checked as a statement runs) records the
 * decision with what it did, all or nothing. One multi-row INSERT per ROWS_PER_INSERT decisions.
 */
export async function recordDecisions(
  db: SqlDatabase,
  at: Date,
  decisions: readonly Omit<AccessDecision, 'at'>[],
): Promise<void> {
  const time = at.toISOString();
  for (const part of slices(decisions, ROWS_PER_INSERT)) {
    const values: SqlValue[] = [];
    for (const d of part) values.push(time, d.principal, d.action, d.resource, d.decision, d.detail ?? null, d.via);
    await db.run(
      `INSERT INTO access_log (at, principal, action, resource, decision, detail, via) VALUES ${part
        .map(() => '(?, ?, ?, ?, ?, ?, ?)')
        .join(', ')}`,
      values,
    );
  }
}

/** `column = value`, or a LIKE when the value holds `*` (any characters), as `godwit audit --resource 'arn:…:endpoint/*'` means. */
function matching(column: string, value: string, where: string[], params: SqlValue[]): void {
  if (!value.includes('*')) {
    where.push(`${column} = ?`);
    params.push(value);
    return;
  }
  where.push(`${column} LIKE ? ESCAPE '\\'`);
  params.push(value.replace(/[\\%_]/g, '\\$&').replaceAll('*', '%'));
}

function toDecision(row: SqlRow): AccessDecision {
  return {
    at: new Date(String(row.at)),
    principal: String(row.principal),
    action: String(row.action),
    resource: String(row.resource),
    decision: row.decision === 'denied' ? 'denied' : 'allowed',
    ...(row.detail === null || row.detail === undefined ? {} : { detail: String(row.detail) }),
    via: String(row.via),
  };
}
