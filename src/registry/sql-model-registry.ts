import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { lockKey } from '../db/dialect.js';
import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import { modelPackageArnOf } from '../events/event-envelope.js';
import { publishEvent } from '../events/event-outbox.js';
import { modelPackageStateChange } from '../events/sagemaker-events.js';
import { recordApproval, recordRegistration } from '../lineage/registry-lineage.js';
import type { ApprovalStatus } from '../pipeline/ir.js';
import { type ApprovalRules, checkMetricRules, checkRules } from './approval-rules.js';
import { type AuditContent, auditHash, contentOf, lastHash, verifyChain } from './audit-chain.js';
import { checkGroupName } from './group-name.js';
import { checkModelCard } from './model-card-check.js';
import type {
  ApprovalEvent,
  ApprovalOutcome,
  AuditKind,
  ModelRegistry,
  ModelVersion,
  NewModelVersion,
  StoredRules,
  VersionChange,
} from './model-registry.js';
import { APPROVAL_STATUSES } from './model-registry.js';

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parsed = (v: unknown) => (v === null || v === undefined ? undefined : JSON.parse(v as string));

/** Who started a run (`RunRecord.startedBy`), for the not-the-author rule; the runs capability answers. */
export type RunStarter = (runId: string) => Promise<string | undefined>;

/** The registry capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlModelRegistry implements ModelRegistry {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
    private readonly runStarter?: RunStarter,
  ) {}

  async registerVersion(input: NewModelVersion): Promise<ModelVersion> {
    checkGroupName(input.group);
    checkStatus(input.approvalStatus);
    checkPairs(input.tags, 'tag');
    checkPairs(input.customerMetadata, 'customer metadata');
    const modelCard = input.modelCard && checkModelCard(input.modelCard);
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
      if (input.approvalStatus === 'Approved') await checkRegisteredApproved(tx, input, version);
      await tx.run(
        `INSERT INTO model_packages (group_name, version, model_uri, model_sha256, approval_status, metrics, metrics_uri,
           run_id, step, description, inference, descriptor, model_metrics, tags, customer_metadata, model_card,
           created_by, last_modified_by, last_modified_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          json(input.modelMetrics),
          json(input.tags),
          json(input.customerMetadata),
          json(modelCard),
          input.actor,
          input.actor,
          at,
          at,
        ],
      );
      await audit(tx, {
        group: input.group,
        version,
        at,
        from: null,
        to: input.approvalStatus,
        actor: input.actor,
        note: 'registered',
        kind: 'registered',
      });
      const created = (await versionIn(tx, input.group, version)) as ModelVersion;
      await recordRegistration(tx, created, input.actor, now);
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

  async setApprovalStatus(
    group: string,
    version: number,
    status: ApprovalStatus,
    actor: string,
    note?: string,
  ): Promise<ApprovalOutcome> {
    checkStatus(status);
    const now = this.clock.now();
    const at = now.toISOString();
    // Who started the producing run is the runs capability's to say: asked before the transaction.
    const runId = (await versionIn(this.db, group, version))?.runId;
    const runAuthor = runId && this.runStarter ? await this.runStarter(runId).catch(() => undefined) : undefined;
    return this.db.transaction(async (tx) => {
      await lockGroup(tx, group);
      const current = await this.existing(tx, group, version);
      const where = `${group} version ${version}`;
      if (current.approvalStatus === 'Rejected' && status !== 'Rejected') {
        throw new GodwitError('E_MODEL_VERSION_REJECTED', `${where} was rejected, and a rejection is final.`, {
          hint: `Register a new version (godwit models register ${group} --model URI) and approve that one.`,
        });
      }
      let approvals: ApprovalOutcome['approvals'];
      if (status === 'Approved' && current.approvalStatus !== 'Approved') {
        const rules = (await rulesIn(tx, group))?.rules ?? {};
        checkMetricRules(rules, current.metrics, group, where);
        if (rules.notAuthor) {
          const authored =
            actor === current.createdBy ? 'registered it' : actor === runAuthor ? `started its run ${runId}` : undefined;
          if (authored) {
            throw new GodwitError(
              'E_APPROVAL_RULE',
              `${actor} cannot approve ${where}: the rule "not the author" of group ${group} refuses the one who ${authored}.`,
              {
                hint: `Someone else approves it (GODWIT_USER names who is acting), or the rule is changed: godwit models rules ${group} --clear.`,
              },
            );
          }
        }
        const needed = rules.approvers ?? 1;
        if (needed > 1) {
          const before = await votesSince(tx, group, version);
          if (before.includes(actor)) {
            throw new GodwitError(
              'E_APPROVAL_RULE',
              `${actor} already approved ${where}; the rule of group ${group} needs ${needed} different approvers (so far: ${before.join(', ')}).`,
              {
                hint: `Another person approves it: godwit models approve ${group} ${version} (GODWIT_USER names who is acting).`,
              },
            );
          }
          approvals = { approvers: [...before, actor], needed };
          if (approvals.approvers.length < needed) {
            await audit(tx, {
              group,
              version,
              at,
              from: current.approvalStatus,
              to: current.approvalStatus,
              actor,
              note: note ?? null,
              kind: 'vote',
            });
            await touch(tx, group, version, actor, at);
            return { ...current, lastModifiedBy: actor, lastModifiedAt: now, approvals };
          }
        }
      }
      await tx.run(
        'UPDATE model_packages SET approval_status = ?, last_modified_by = ?, last_modified_at = ? WHERE group_name = ? AND version = ?',
        [status, actor, at, group, version],
      );
      await audit(tx, {
        group,
        version,
        at,
        from: current.approvalStatus,
        to: status,
        actor,
        note: note ?? null,
        kind: 'status',
      });
      const updated: ApprovalOutcome = {
        ...current,
        approvalStatus: status,
        lastModifiedBy: actor,
        lastModifiedAt: now,
        ...(approvals && { approvals }),
      };
      await recordApproval(tx, updated, { actor, note, to: status }, now);
      if (current.approvalStatus !== status) await publishEvent(tx, stateChange(updated, now));
      return updated;
    });
  }

  async updateVersion(group: string, version: number, change: VersionChange, actor: string): Promise<ModelVersion> {
    checkPairs(change.customerMetadata, 'customer metadata');
    const card = change.modelCard && checkModelCard(change.modelCard);
    const now = this.clock.now();
    const at = now.toISOString();
    return this.db.transaction(async (tx) => {
      await lockGroup(tx, group);
      const current = await this.existing(tx, group, version);
      const metadata: Record<string, string> = { ...current.customerMetadata, ...change.customerMetadata };
      for (const key of change.customerMetadataToRemove ?? []) delete metadata[key];
      const customerMetadata = Object.keys(metadata).length ? metadata : undefined;
      checkPairs(customerMetadata, 'customer metadata');
      const modelCard = card ?? current.modelCard;
      await tx.run(
        `UPDATE model_packages SET customer_metadata = ?, model_card = ?, last_modified_by = ?, last_modified_at = ?
         WHERE group_name = ? AND version = ?`,
        [json(customerMetadata), json(modelCard), actor, at, group, version],
      );
      const what = [
        ...(change.customerMetadata ? [`customer metadata set: ${Object.keys(change.customerMetadata).join(', ')}`] : []),
        ...(change.customerMetadataToRemove?.length
          ? [`customer metadata removed: ${change.customerMetadataToRemove.join(', ')}`]
          : []),
        ...(card ? [`model card (${card.status})`] : []),
      ];
      const s = current.approvalStatus;
      await audit(tx, { group, version, at, from: s, to: s, actor, note: what.join('; ') || 'nothing changed', kind: 'update' });
      return { ...current, customerMetadata, modelCard, lastModifiedBy: actor, lastModifiedAt: now };
    });
  }

  /** The version, or E_MODEL_VERSION_NOT_FOUND naming the group's versions. */
  private async existing(tx: SqlDatabase, group: string, version: number): Promise<ModelVersion> {
    const current = await versionIn(tx, group, version);
    if (current) return current;
    const rows = await tx.query('SELECT version FROM model_packages WHERE group_name = ? ORDER BY version', [group]);
    const [known] = await tx.query('SELECT name FROM model_package_groups WHERE name = ?', [group]);
    const hint = rows.length
      ? `Its versions: ${rows.map((r) => Number(r.version)).join(', ')} (godwit models list ${group}).`
      : known
        ? `It has no versions yet: register one with godwit models register ${group} --model URI.`
        : 'There is no such group; list groups with: godwit models list';
    throw new GodwitError('E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${version}.`, { hint });
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
      kind: contentOf(r).kind as AuditKind,
      id: Number(r.id),
      hash: (r.hash as string | null) ?? undefined,
    }));
  }

  async verifyAudit(group?: string): Promise<{ rows: number; groups: number }> {
    const { rows, groups, lastStatus } = await verifyChain(this.db, group);
    // The chain cannot see its newest rows removed; the versions' statuses can: each must be
    // what its last recorded change set.
    const versions =
      group === undefined
        ? await this.db.query('SELECT group_name, version, approval_status FROM model_packages')
        : await this.db.query('SELECT group_name, version, approval_status FROM model_packages WHERE group_name = ?', [group]);
    for (const v of versions) {
      const recorded = lastStatus.get(`${v.group_name}/${v.version}`);
      if (recorded !== v.approval_status) {
        throw new GodwitError(
          'E_AUDIT_TAMPERED',
          `The audit log of model package group "${v.group_name}" was tampered with: version ${v.version} is ${v.approval_status}, and its last recorded change says ${recorded ?? 'nothing'}.`,
          {
            hint: 'A change went unrecorded or audit rows were removed; restore the metadata database from a backup (godwit db restore).',
          },
        );
      }
    }
    return { rows, groups };
  }

  async getRules(group: string): Promise<StoredRules | undefined> {
    return rulesIn(this.db, group);
  }

  async setRules(group: string, rules: ApprovalRules | undefined, actor: string): Promise<StoredRules | undefined> {
    checkGroupName(group);
    const kept = rules && checkRules(rules);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      await lockGroup(tx, group);
      if (!kept || Object.keys(kept).length === 0) {
        await tx.run('DELETE FROM model_group_rules WHERE group_name = ?', [group]);
        return undefined;
      }
      await tx.run(
        `INSERT INTO model_group_rules (group_name, rules, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (group_name) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [group, JSON.stringify(kept), now.toISOString(), actor],
      );
      return { group, rules: kept, updatedAt: now, updatedBy: actor };
    });
  }
}

/** A version registered as Approved passes the group's rules as an approval by its registrar would. */
async function checkRegisteredApproved(tx: SqlDatabase, input: NewModelVersion, version: number): Promise<void> {
  const rules = (await rulesIn(tx, input.group))?.rules;
  if (!rules) return;
  const where = `${input.group} version ${version}`;
  checkMetricRules(rules, input.metrics, input.group, where);
  const rule = rules.notAuthor ? 'not the author' : rules.approvers ? `${rules.approvers} different approvers` : undefined;
  if (rule) {
    throw new GodwitError(
      'E_APPROVAL_RULE',
      `${where} cannot be registered as Approved by ${input.actor}: the rule "${rule}" of group ${input.group} needs approval by others.`,
      { hint: `Register it as PendingManualApproval and have it approved: godwit models approve ${input.group} ${version}.` },
    );
  }
}

async function lockGroup(tx: SqlDatabase, group: string): Promise<void> {
  const lock = tx.dialect.lock(lockKey(`registry:${group}`));
  if (lock) await tx.query(lock);
}

async function rulesIn(db: SqlDatabase, group: string): Promise<StoredRules | undefined> {
  const [row] = await db.query('SELECT * FROM model_group_rules WHERE group_name = ?', [group]);
  return (
    row && {
      group,
      rules: JSON.parse(row.rules as string) as ApprovalRules,
      updatedAt: new Date(row.updated_at as string),
      updatedBy: row.updated_by as string,
    }
  );
}

/** The distinct approvers whose votes count: those since the version's last change of status. */
async function votesSince(tx: SqlDatabase, group: string, version: number): Promise<string[]> {
  const rows = await tx.query('SELECT actor, kind FROM model_package_audit WHERE group_name = ? AND version = ? ORDER BY id', [
    group,
    version,
  ]);
  let votes: string[] = [];
  for (const r of rows) {
    if (r.kind === 'vote') {
      if (!votes.includes(r.actor as string)) votes.push(r.actor as string);
    } else if (r.kind !== 'update') votes = [];
  }
  return votes;
}

function touch(tx: SqlDatabase, group: string, version: number, actor: string, at: string) {
  return tx.run('UPDATE model_packages SET last_modified_by = ?, last_modified_at = ? WHERE group_name = ? AND version = ?', [
    actor,
    at,
    group,
    version,
  ]);
}

/** Tags and customer metadata: SageMaker's limits (50 entries, keys up to 128, values up to 256; no `aws:` keys). */
function checkPairs(pairs: Readonly<Record<string, string>> | undefined, what: string): void {
  if (!pairs) return;
  const entries = Object.entries(pairs);
  if (entries.length > 50)
    throw new GodwitError('E_USAGE', `A model version takes at most 50 ${what} entries, not ${entries.length}.`);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128) {
      throw new GodwitError('E_USAGE', `The ${what} key "${key}" must be 1 to 128 characters long.`);
    }
    if (typeof value !== 'string' || value.length > 256) {
      throw new GodwitError('E_USAGE', `The ${what} value of "${key}" must be text of at most 256 characters.`);
    }
    if (/^aws:/i.test(key)) {
      throw new GodwitError('E_USAGE', `The ${what} key "${key}" starts with "aws:", which AWS keeps for its own.`, {
        hint: 'Pick a key without the aws: prefix.',
      });
    }
  }
}

async function versionIn(db: SqlDatabase, group: string, version: number): Promise<ModelVersion | undefined> {
  const [row] = await db.query('SELECT * FROM model_packages WHERE group_name = ? AND version = ?', [group, version]);
  return row && toVersion(row);
}

/** Appends one audit row, chained to the group's previous one (the caller holds the group's lock). */
async function audit(tx: SqlDatabase, c: AuditContent): Promise<void> {
  const prev = await lastHash(tx, c.group);
  await tx.run(
    `INSERT INTO model_package_audit (group_name, version, at, from_status, to_status, actor, note, kind, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.group, c.version, c.at, c.from, c.to, c.actor, c.note, c.kind, prev, auditHash(prev, c)],
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
    inference: parsed(r.inference),
    descriptor: parsed(r.descriptor),
    modelMetrics: parsed(r.model_metrics),
    tags: parsed(r.tags),
    customerMetadata: parsed(r.customer_metadata),
    modelCard: parsed(r.model_card),
    createdAt: new Date(r.created_at as string),
    createdBy: (r.created_by as string | null) ?? undefined,
    lastModifiedBy: (r.last_modified_by as string | null) ?? undefined,
    lastModifiedAt: r.last_modified_at ? new Date(r.last_modified_at as string) : undefined,
  };
}
