import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import type { ApprovalStatus } from '../pipeline/ir.js';
import type { ApprovalEvent, ModelRegistry, ModelVersion, NewModelVersion } from './model-registry.js';
import { APPROVAL_STATUSES } from './model-registry.js';

type Row = Record<string, unknown>;

export class SqliteModelRegistry implements ModelRegistry {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  async registerVersion(input: NewModelVersion): Promise<ModelVersion> {
    checkStatus(input.approvalStatus);
    const at = this.clock.now().toISOString();
    // One transaction: the next version number is read and taken atomically.
    const version = this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO model_package_groups (name, created_at) VALUES (?, ?)').run(input.group, at);
      const next =
        ((this.db.prepare('SELECT MAX(version) v FROM model_packages WHERE group_name = ?').get(input.group) as Row).v as
          | number
          | null) ?? 0;
      this.db
        .prepare(
          `INSERT INTO model_packages (group_name, version, model_uri, model_sha256, approval_status, metrics, metrics_uri,
             run_id, step, description, inference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.group,
          next + 1,
          input.modelUri,
          input.modelSha256 ?? null,
          input.approvalStatus,
          input.metrics === undefined ? null : JSON.stringify(input.metrics),
          input.metricsUri ?? null,
          input.runId ?? null,
          input.step ?? null,
          input.description ?? null,
          input.inference === undefined ? null : JSON.stringify(input.inference),
          at,
        );
      this.audit(input.group, next + 1, at, undefined, input.approvalStatus, input.actor, 'registered');
      return next + 1;
    })();
    return (await this.getVersion(input.group, version)) as ModelVersion;
  }

  async listGroups() {
    const rows = this.db
      .prepare(
        `SELECT g.name, COUNT(p.version) n, MAX(p.version) latest FROM model_package_groups g
         LEFT JOIN model_packages p ON p.group_name = g.name GROUP BY g.name ORDER BY g.name`,
      )
      .all() as Row[];
    return Promise.all(
      rows.map(async (r) => ({
        name: r.name as string,
        versions: r.n as number,
        latest: r.latest === null ? undefined : await this.getVersion(r.name as string, r.latest as number),
      })),
    );
  }

  async listVersions(group: string): Promise<ModelVersion[]> {
    const rows = this.db.prepare('SELECT * FROM model_packages WHERE group_name = ? ORDER BY version').all(group) as Row[];
    return rows.map(toVersion);
  }

  async getVersion(group: string, version: number): Promise<ModelVersion | undefined> {
    const row = this.db.prepare('SELECT * FROM model_packages WHERE group_name = ? AND version = ?').get(group, version) as
      | Row
      | undefined;
    return row && toVersion(row);
  }

  async setApprovalStatus(group: string, version: number, status: ApprovalStatus, actor: string, note?: string) {
    checkStatus(status);
    const current = await this.getVersion(group, version);
    if (!current) {
      throw new GodwitError('E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${version}.`, {
        hint: `List its versions with: godwit models list ${group}`,
      });
    }
    const at = this.clock.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE model_packages SET approval_status = ? WHERE group_name = ? AND version = ?')
        .run(status, group, version);
      this.audit(group, version, at, current.approvalStatus, status, actor, note);
    })();
    return (await this.getVersion(group, version)) as ModelVersion;
  }

  async auditLog(group: string, version?: number): Promise<ApprovalEvent[]> {
    const rows = (
      version === undefined
        ? this.db.prepare('SELECT * FROM model_package_audit WHERE group_name = ? ORDER BY id').all(group)
        : this.db
            .prepare('SELECT * FROM model_package_audit WHERE group_name = ? AND version = ? ORDER BY id')
            .all(group, version)
    ) as Row[];
    return rows.map((r) => ({
      group: r.group_name as string,
      version: r.version as number,
      at: new Date(r.at as string),
      from: (r.from_status as ApprovalStatus | null) ?? undefined,
      to: r.to_status as ApprovalStatus,
      actor: r.actor as string,
      note: (r.note as string | null) ?? undefined,
    }));
  }

  private audit(group: string, version: number, at: string, from: string | undefined, to: string, actor: string, note?: string) {
    this.db
      .prepare(
        'INSERT INTO model_package_audit (group_name, version, at, from_status, to_status, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(group, version, at, from ?? null, to, actor, note ?? null);
  }
}

function checkStatus(status: string): void {
  if (!APPROVAL_STATUSES.includes(status as ApprovalStatus)) {
    throw new GodwitError('E_APPROVAL_STATUS', `"${status}" is not a model approval status.`, {
      hint: `Use one of: ${APPROVAL_STATUSES.join(', ')}.`,
    });
  }
}

function toVersion(r: Row): ModelVersion {
  return {
    id: `godwit:model-package/${r.group_name}/${r.version}`,
    group: r.group_name as string,
    version: r.version as number,
    modelUri: r.model_uri as string,
    modelSha256: (r.model_sha256 as string | null) ?? undefined,
    approvalStatus: r.approval_status as ApprovalStatus,
    metrics: r.metrics === null ? undefined : JSON.parse(r.metrics as string),
    metricsUri: (r.metrics_uri as string | null) ?? undefined,
    runId: (r.run_id as string | null) ?? undefined,
    step: (r.step as string | null) ?? undefined,
    description: (r.description as string | null) ?? undefined,
    inference: r.inference === null || r.inference === undefined ? undefined : JSON.parse(r.inference as string),
    createdAt: new Date(r.created_at as string),
  };
}
