import { systemClock } from '../../core/clock.js';
import type { SqlDatabase } from '../../db/sql-database.js';
import { SqlEndpointCatalog } from '../../endpoints/sql-endpoint-catalog.js';
import { ENDPOINT_STATE_DETAIL_TYPE } from '../../events/endpoint-events.js';
import { SqlJobCatalog } from '../../jobs/sql-job-catalog.js';
import { SqlMonitoringCatalog } from '../../monitor/schedules/sql-monitoring-catalog.js';
import { SqlModelRegistry } from '../../registry/sql-model-registry.js';
import { deploymentLineage } from '../endpoint-lineage.js';
import { jobLineage } from '../job-lineage.js';
import type { LineageBackfill } from '../lineage-backfills.js';
import { monitoringLineage } from '../monitoring-lineage.js';
import { recordLineage } from '../record-lineage.js';
import { approvalLineage, registryLineage } from '../registry-lineage.js';

/**
 * Lineage for what the catalogs recorded before lineage existed: model package versions and
 * their approvals, endpoint deployments, SageMaker jobs and monitoring schedules. Each is read
 * through its own capability's catalog (over the migration's transaction; reads only) and
 * recorded by the same functions its live writer calls, so a backfilled home and a new one give
 * the same graph. What the records no longer hold cannot come back: a schedule's earlier configs,
 * an endpoint update that failed before it served (endpoints keep their configs' history only in
 * their state-change events, read here). BigQuery ML models live in their warehouse, not in the
 * metadata database: they are recorded when Godwit next creates or reads a model in that
 * warehouse (`reconcileBqmlModels` in lineage/bqml-lineage.ts).
 */
export const catalogsBackfill: LineageBackfill = {
  source: 'the model registry, endpoints, SageMaker jobs and monitoring schedules',
  async run(tx) {
    await backfillRegistry(tx);
    await backfillEndpoints(tx);
    await backfillJobs(tx);
    await backfillSchedules(tx);
  },
};

/** Each version as registered (its registration audit entry's status and actor), then every later status change in order. */
export async function backfillRegistry(tx: SqlDatabase): Promise<void> {
  const registry = new SqlModelRegistry(tx, systemClock);
  for (const group of await registry.listGroups()) {
    const audit = await registry.auditLog(group.name);
    for (const v of await registry.listVersions(group.name)) {
      const entries = audit.filter((e) => e.version === v.version);
      const registered = entries.find((e) => e.kind === 'registered') ?? entries[0];
      // Status changes (also to the same status) move the Approval action; votes and metadata updates do not.
      const changes = entries.filter((e) => e !== registered && (e.kind === undefined || e.kind === 'status'));
      const first = registered ?? { actor: 'unknown', at: v.createdAt, to: v.approvalStatus, note: 'registered' };
      await recordLineage(tx, registryLineage({ ...v, approvalStatus: first.to }, first), first.at);
      for (const change of changes) await recordLineage(tx, approvalLineage(v, change), change.at);
    }
  }
}

/**
 * Every config an endpoint was given: those its state-change events name (also of endpoints
 * deleted since), then the one it serves and the one it is moving to.
 */
export async function backfillEndpoints(tx: SqlDatabase): Promise<void> {
  const seen = new Set<string>();
  const deploy = async (endpoint: { name: string; createdAt: Date }, configName: string, at: Date) => {
    const key = `${endpoint.name}\n${configName}`;
    if (seen.has(key)) return;
    seen.add(key);
    await recordLineage(tx, await deploymentLineage(tx, endpoint, configName, at), at);
  };
  const events = await tx.query<{ detail: string; at: string }>(
    'SELECT detail, at FROM event_outbox WHERE detail_type = ? ORDER BY seq',
    [ENDPOINT_STATE_DETAIL_TYPE],
  );
  for (const event of events) {
    const d = JSON.parse(event.detail) as { EndpointName?: string; EndpointConfigName?: string; CreationTime?: number };
    if (typeof d.EndpointName !== 'string' || typeof d.EndpointConfigName !== 'string') continue;
    const createdAt = typeof d.CreationTime === 'number' ? new Date(d.CreationTime) : new Date(event.at);
    await deploy({ name: d.EndpointName, createdAt }, d.EndpointConfigName, new Date(event.at));
  }
  for (const e of await new SqlEndpointCatalog(tx, systemClock).listEndpoints()) {
    await deploy(e, e.configName, e.createdAt);
    if (e.pendingConfigName !== undefined) await deploy(e, e.pendingConfigName, e.lastModifiedAt);
  }
}

export async function backfillJobs(tx: SqlDatabase): Promise<void> {
  const jobs = new SqlJobCatalog(tx, systemClock);
  for (const kind of ['training', 'processing', 'transform'] as const)
    for (const job of (await jobs.list(kind)).reverse()) await recordLineage(tx, await jobLineage(tx, job), job.lastModifiedAt);
}

export async function backfillSchedules(tx: SqlDatabase): Promise<void> {
  for (const schedule of await new SqlMonitoringCatalog(tx, systemClock).listSchedules())
    await recordLineage(tx, await monitoringLineage(tx, schedule), schedule.lastModifiedAt);
}
