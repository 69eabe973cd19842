/**
 * The approval audit log is append-only twice over: the database refuses UPDATE and DELETE on
 * `model_package_audit` (triggers: the `{{append_only:TABLE}}` schema token of db/dialect.ts,
 * registry migration 6), and every row carries a hash chain per group, so an
 * edit made around the triggers (dropping them, editing the file) is found by `verifyAudit`:
 *
 *   hash = sha256(prev_hash + "\n" + JSON [group, version, at, from, to, actor, note, kind])
 *
 * `prev_hash` is the hash of the group's previous row (64 zeros for its first). The chain is per
 * group because writers of one group hold its lock (`registry:<group>`); rows of different groups
 * are written concurrently on PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { GodwitError } from '../core/errors.js';
import type { SqlDatabase, SqlRow } from '../db/sql-database.js';

export const GENESIS = '0'.repeat(64);

export interface AuditContent {
  readonly group: string;
  readonly version: number;
  readonly at: string;
  readonly from: string | null;
  readonly to: string;
  readonly actor: string;
  readonly note: string | null;
  readonly kind: string;
}

export function auditHash(prev: string, c: AuditContent): string {
  const content = JSON.stringify([c.group, c.version, c.at, c.from, c.to, c.actor, c.note, c.kind]);
  return createHash('sha256').update(`${prev}\n${content}`).digest('hex');
}

export function contentOf(r: SqlRow): AuditContent {
  return {
    group: r.group_name as string,
    version: Number(r.version),
    at: r.at as string,
    from: (r.from_status as string | null) ?? null,
    to: r.to_status as string,
    actor: r.actor as string,
    note: (r.note as string | null) ?? null,
    // Rows written before kinds existed: the first of a version was its registration.
    kind: (r.kind as string | null) ?? 'status',
  };
}

/** The hash of the group's newest row (read under the group's lock), or the genesis hash. */
export async function lastHash(tx: SqlDatabase, group: string): Promise<string> {
  const [row] = await tx.query('SELECT hash FROM model_package_audit WHERE group_name = ? ORDER BY id DESC LIMIT 1', [group]);
  return (row?.hash as string | null | undefined) ?? GENESIS;
}

/**
 * Checks the chain of every row of `group` (or all groups) in id order; throws
 * `E_AUDIT_TAMPERED` naming the first row whose prev_hash or hash does not match.
 */
export async function verifyChain(
  db: SqlDatabase,
  group?: string,
): Promise<{ rows: number; groups: number; lastStatus: Map<string, string> }> {
  const rows =
    group === undefined
      ? await db.query('SELECT * FROM model_package_audit ORDER BY id')
      : await db.query('SELECT * FROM model_package_audit WHERE group_name = ? ORDER BY id', [group]);
  const last = new Map<string, string>();
  const lastStatus = new Map<string, string>();
  for (const r of rows) {
    const c = contentOf(r);
    if (c.kind === 'registered' || c.kind === 'status') lastStatus.set(`${c.group}/${c.version}`, c.to);
    const prev = last.get(c.group) ?? GENESIS;
    const expected = auditHash(prev, c);
    if (r.prev_hash !== prev || r.hash !== expected) {
      const what = `row ${r.id} (${c.group} version ${c.version}, ${c.at}, ${c.from ?? '-'} → ${c.to} by ${c.actor})`;
      const why =
        r.prev_hash !== prev
          ? 'does not follow the row before it (a row was removed or inserted)'
          : 'does not match its hash (it was changed)';
      throw new GodwitError(
        'E_AUDIT_TAMPERED',
        `The audit log of model package group "${c.group}" was tampered with: ${what} ${why}.`,
        {
          hint: 'The audit log is append-only; restore the metadata database from a backup (godwit db restore) and find out who changed it.',
        },
      );
    }
    last.set(c.group, expected);
  }
  return { rows: rows.length, groups: last.size, lastStatus };
}

/**
 * Migration 5: chains the rows written before the chain existed, in id order, and fills each
 * version's `created_by` from its first row. (Migration 6 then makes the table append-only.)
 */
export async function chainExisting(tx: SqlDatabase): Promise<void> {
  const rows = await tx.query('SELECT * FROM model_package_audit ORDER BY id');
  const last = new Map<string, string>();
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.group_name}\u0000${r.version}`;
    const c = { ...contentOf(r), kind: seen.has(key) ? 'status' : 'registered' };
    seen.add(key);
    const prev = last.get(c.group) ?? GENESIS;
    const hash = auditHash(prev, c);
    await tx.run('UPDATE model_package_audit SET kind = ?, prev_hash = ?, hash = ? WHERE id = ?', [
      c.kind,
      prev,
      hash,
      Number(r.id),
    ]);
    last.set(c.group, hash);
  }
  await tx.run(
    `UPDATE model_packages SET created_by = (SELECT a.actor FROM model_package_audit a
       WHERE a.group_name = model_packages.group_name AND a.version = model_packages.version ORDER BY a.id LIMIT 1)
     WHERE created_by IS NULL`,
  );
}
