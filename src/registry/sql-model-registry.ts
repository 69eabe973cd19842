import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { lockKey } from '../db/dialect.js';
import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import { modelPackageArnOf } from '../events/event-envelope.js';
import { publishEvent } from '../events/event-outbox.js';
import { modelPackageStateChange } from '../events/sagemaker-events.js';
import type { ApprovalStatus } from '../pipeline/ir.js';
import { checkGroupName } from './group-name.js';
import type { ApprovalEvent, ModelRegistry, ModelVersion, NewModelVersion } from './model-registry.js';
import { APPROVAL_STATUSES } from './model-registry.js';

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** The registry capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlModelRegistry implements ModelRegistry {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async registerVersion(input: NewModelVersion): Promise<ModelVersion> {
    checkGroupName(input.group);
    checkStatus(input.approvalStatus);
    const now = this.clock.now();
    const at = now.toISOString();
    return this.db.transaction(async (tx) => {
      // The next number is read and taken under a lock on the group (SQLite: the write lock of
      // BEGIN IMMEDIATE), so concurrent registrations get dense, unique versions.
      const lock = tx.dialect.lock(lockKey(`registry:${input.group}`));
      if (lock) await tx.query(lock);
      await tx.run('INSERT INTO model_package_groups (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [
        input.group,
        at,
      ]);
      const [{ v }] = await tx.query('SELECT COALESCE(MAX(version), 0) AS v FROM model_packages WHERE group_name = ?', [
        input.group,
      ]);
      const version = Number(v) + 1;
      await tx.run(
        `INSERT INTO model_packages (group_name, version, model_uri, model_sha256, approval_status, metrics, metrics_uri,
           run_id, step, description, inference, descriptor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          input.group,
          version,
          input.modelUri,
          input.modelSha256 ?? null,
          input.approvalStatus,
          json(input.metrics),
          input.metricsUri ?? null,
          input.runId ?? null,
          input.step ?? null,
          input.description ?? null,
          json(input.inference),
          json(input.descriptor),
          at,
        ],
      );
      await audit(tx, input.group, version, at, undefined, input.approvalStatus, input.actor, 'registered');
      const created = (await versionIn(tx, input.group, version)) as ModelVersion;
      await (await import('../lineage/registry-lineage.js')).recordRegistration(tx, created, input.actor, now);
      await publishEvent(tx, stateChange(created, now));
      return created;
    });
  }

  async createGroup(group: string, description?: string) {
    checkGroupName(group);
    const createdAt = this.clock.now();
    const { changes } = await this.db.run(
      'INSERT INTO model_package_groups (name, description, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
      [group, description ?? null, createdAt.toISOString()],
    );
    if (changes === 0) {
      throw new GodwitError('E_MODEL_GROUP_EXISTS', `Model package group "${group}" already exists.`, {
        hint: `Register versions into it (godwit models register ${group} …) or pick another name.`,
      });
    }
    return { name: group, createdAt, ...(description !== undefined && { description }) };
  }

  async listGroups() {
    // One query: each group with its count and its latest version's row, not a query per group.
    const rows = await this.db.query(
      `SELECT p.*, g.name AS g_name, g.created_at AS g_created_at, c.n AS g_versions
       FROM model_package_groups g
       LEFT JOIN (SELECT group_name, COUNT(*) AS n, MAX(version) AS latest FROM model_packages GROUP BY group_name) c
         ON c.group_name = g.name
       LEFT JOIN model_packages p ON p.group_name = g.name AND p.version = c.latest
       ORDER BY g.name`,
    );
    return rows.map((r) => ({
      name: r.g_name as string,
      createdAt: new Date(r.g_created_at as string),
      versions: r.g_versions === null ? 0 : Number(r.g_versions),
      latest: r.version === null ? undefined : toVersion(r),
    }));
  }

  async listVersions(group: string): Promise<ModelVersion[]> {
    const rows = await this.db.query('SELECT * FROM model_packages WHERE group_name = ? ORDER BY version', [group]);
    return rows.map(toVersion);
  }

  getVersion(group: string, version: number): Promise<ModelVersion | undefined> {
    return versionIn(this.db, group, version);
  }

  async setApprovalStatus(group: string, version: number, status: ApprovalStatus, actor: string, note?: string) {
    checkStatus(status);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const current = await versionIn(tx, group, version);
      if (!current) {
        throw new GodwitError('E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${version}.`, {
          hint: `List its versions with: godwit models list ${group}`,
        });
      }
      await tx.run('UPDATE model_packages SET approval_status = ? WHERE group_name = ? AND version = ?', [
        status,
        group,
        version,
      ]);
      await audit(tx, group, version, now.toISOString(), current.approvalStatus, status, actor, note);
      const updated = { ...current, approvalStatus: status };
      await (await import('../lineage/registry-lineage.js')).recordApproval(tx, updated, { actor, note, to: status }, now);
      if (current.approvalStatus !== status) await publishEvent(tx, stateChange(updated, now));
      return updated;
    });
  }

  async auditLog(group: string, version?: number): Promise<ApprovalEvent[]> {
    const rows =
      version === undefined
        ? await this.db.query('SELECT * FROM model_package_audit WHERE group_name = ? ORDER BY id', [group])
        : await this.db.query('SELECT * FROM model_package_audit WHERE group_name = ? AND version = ? ORDER BY id', [
            group,
            version,
          ]);
    return rows.map((r) => ({
      group: r.group_name as string,
      version: Number(r.version),
      at: new Date(r.at as string),
      from: (r.from_status as ApprovalStatus | null) ?? undefined,
      to: r.to_status as ApprovalStatus,
      actor: r.actor as string,
      note: (r.note as string | null) ?? undefined,
    }));
  }
}

async function versionIn(db: SqlDatabase, group: string, version: number): Promise<ModelVersion | undefined> {
  const [row] = await db.query('SELECT * FROM model_packages WHERE group_name = ? AND version = ?', [group, version]);
  return row && toVersion(row);
}

function audit(
  db: SqlDatabase,
  group: string,
  version: number,
  at: string,
  from: string | undefined,
  to: string,
  actor: string,
  note?: string,
) {
  return db.run(
    'INSERT INTO model_package_audit (group_name, version, at, from_status, to_status, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [group, version, at, from ?? null, to, actor, note ?? null],
  );
}

function stateChange(v: ModelVersion, at: Date) {
  return modelPackageStateChange({
    group: v.group,
    version: v.version,
    approvalStatus: v.approvalStatus,
    createdAt: v.createdAt,
    at,
    modelUri: v.modelUri,
    description: v.description,
    image: v.inference?.image,
    contentTypes: v.inference?.contentTypes,
    responseTypes: v.inference?.responseTypes,
    metricsUri: v.metricsUri,
  });
}

function checkStatus(status: string): void {
  if (!APPROVAL_STATUSES.includes(status as ApprovalStatus)) {
    throw new GodwitError('E_APPROVAL_STATUS', `"${status}" is not a model approval status.`, {
      hint: `Use one of: ${APPROVAL_STATUSES.join(', ')}.`,
    });
  }
}

function toVersion(r: SqlRow): ModelVersion {
  const group = r.group_name as string;
  const version = Number(r.version);
  return {
    id: `godwit:model-package/${group}/${version}`,
    arn: modelPackageArnOf(group, version),
    group,
    version,
    modelUri: r.model_uri as string,
    modelSha256: (r.model_sha256 as string | null) ?? undefined,
    approvalStatus: r.approval_status as ApprovalStatus,
    metrics: r.metrics === null ? undefined : JSON.parse(r.metrics as string),
    metricsUri: (r.metrics_uri as string | null) ?? undefined,
    runId: (r.run_id as string | null) ?? undefined,
    step: (r.step as string | null) ?? undefined,
    description: (r.description as string | null) ?? undefined,
    inference: r.inference === null || r.inference === undefined ? undefined : JSON.parse(r.inference as string),
    descriptor: r.descriptor === null || r.descriptor === undefined ? undefined : JSON.parse(r.descriptor as string),
    createdAt: new Date(r.created_at as string),
  };
}
