import type { AlarmService } from '../alarms/alarm-records.js';
import { ALARMS_SCHEMA } from '../alarms/alarms-schema.js';
import type { AsyncQueue } from '../async-inference/async-records.js';
import { ASYNC_SCHEMA } from '../async-inference/async-schema.js';
import { AUTOSCALING_SCHEMA } from '../autoscaling/autoscaling-schema.js';
import type { AutoscalingCatalog } from '../autoscaling/scaling-records.js';
import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import { redactUrl } from '../core/redact.js';
import { configuredDatabaseUrl } from '../db/database-url.js';
import { migrate } from '../db/migrations.js';
import { openDatabase } from '../db/open-database.js';
import type { EndpointCatalog } from '../endpoints/endpoint-records.js';
import { ENDPOINTS_SCHEMA } from '../endpoints/endpoints-schema.js';
import type { EventBridgeCatalog } from '../events/bus/eventbridge-catalog.js';
import { EVENTBRIDGE_SCHEMA } from '../events/bus/eventbridge-schema.js';
import { EVENTS_SCHEMA, listEventsSince, type OutboxEvent } from '../events/event-outbox.js';
import { EVENT_SCHEDULES_SCHEMA } from '../events/schedules/event-schedules-schema.js';
import type { ScheduleStateStore } from '../events/schedules/schedule-state.js';
import type { ExperimentCatalog } from '../experiments/experiment-records.js';
import { EXPERIMENTS_SCHEMA } from '../experiments/experiments-schema.js';
import type { GcJournal } from '../gc/gc-records.js';
import { GC_SCHEMA } from '../gc/gc-schema.js';
import { ACCESS_AUDIT_SCHEMA } from '../governance/audit/access-audit-schema.js';
import { CATALOG_SCHEMA } from '../governance/catalog/catalog-schema.js';
import type { CatalogStore } from '../governance/catalog/catalog-store.js';
import type { AccessLog, PrincipalStore } from '../governance/governance-records.js';
import { PRINCIPALS_SCHEMA } from '../governance/principals/principals-schema.js';
import type { JobCatalog } from '../jobs/job-records.js';
import { JOBS_SCHEMA } from '../jobs/jobs-schema.js';
import type { LineageStore } from '../lineage/lineage-records.js';
import { LINEAGE_SCHEMA } from '../lineage/lineage-schema.js';
import type { MetricStore } from '../metrics/metric-store.js';
import { METRICS_SCHEMA } from '../metrics/metrics-schema.js';
import type { MonitoringCatalog } from '../monitor/schedules/schedule-records.js';
import { MONITORING_SCHEMA } from '../monitor/schedules/schedules-schema.js';
import type { PipelineCatalog } from '../pipelines/pipeline-records.js';
import { PIPELINES_SCHEMA } from '../pipelines/pipelines-schema.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import { REGISTRY_SCHEMA } from '../registry/registry-schema.js';
import type { EventPublisher } from '../workflows/integrations/events-integration.js';
import { WORKFLOW_CALLS_SCHEMA } from '../workflows/integrations/workflow-calls-schema.js';
import type { WorkflowCatalog } from '../workflows/workflow-catalog.js';
import { WORKFLOWS_SCHEMA } from '../workflows/workflows-schema.js';
import { legacySqlite } from './legacy-sqlite.js';
import type { MetadataStore } from './metadata-store.js';
import { RUNS_SCHEMA } from './runs-schema.js';
import { SqlMetadataStore } from './sql-metadata-store.js';

/** Every capability that keeps tables in the metadata database, each with its own migrations. */
export const SCHEMAS = [
  RUNS_SCHEMA,
  REGISTRY_SCHEMA,
  EVENTS_SCHEMA,
  ENDPOINTS_SCHEMA,
  METRICS_SCHEMA,
  JOBS_SCHEMA,
  PIPELINES_SCHEMA,
  EXPERIMENTS_SCHEMA,
  ALARMS_SCHEMA,
  AUTOSCALING_SCHEMA,
  ASYNC_SCHEMA,
  MONITORING_SCHEMA,
  WORKFLOWS_SCHEMA,
  // Step Functions Task integrations (src/workflows/integrations): exactly-once answers of calls.
  WORKFLOW_CALLS_SCHEMA,
  EVENTBRIDGE_SCHEMA,
  EVENT_SCHEDULES_SCHEMA,
  // `godwit gc`'s journal of what it removes (src/gc).
  GC_SCHEMA,
  // Data governance's catalog: databases, tables, locations, grants, data cells filters, LF-tags.
  CATALOG_SCHEMA,
  // Data governance's append-only access log: every authorization decision (src/governance/audit).
  ACCESS_AUDIT_SCHEMA,
  // Principals, access keys and tokens (src/governance/principals).
  PRINCIPALS_SCHEMA,
  // Last: its backfill (a data migration) reads every other capability's tables.
  LINEAGE_SCHEMA,
] as const;

/** The metadata database's capabilities, opened together over one connection. */
export interface Metadata {
  readonly store: MetadataStore;
  readonly registry: ModelRegistry;
  /** Models, endpoint configs and endpoints: the desired state the server's endpoint host reconciles. */
  readonly endpoints: EndpointCatalog;
  /** The event outbox: events published after a cursor, oldest first. */
  readonly outbox: { since(cursor?: string, limit?: number): Promise<OutboxEvent[]> };
  /** CloudWatch-style metrics (endpoint metrics, PutMetricData), with retention on the clock. */
  readonly metrics: MetricStore;
  /** SageMaker training, processing and transform jobs: what `godwit server`'s job service runs and reports. */
  readonly jobs: JobCatalog;
  /** SageMaker pipelines (definitions and their versions) and their executions, through the SageMaker door. */
  readonly pipelines: PipelineCatalog;
  /** Shadow tests (SageMaker's inference experiments): what the server's experiment runner carries out. */
  readonly experiments: ExperimentCatalog;
  /** CloudWatch metric alarms over `metrics`: states, history, events; the server's evaluator moves them. */
  readonly alarms: AlarmService;
  /** Application Auto Scaling's scalable targets, scaling policies and scaling activities. */
  readonly autoscaling: AutoscalingCatalog;
  /** InvokeEndpointAsync's durable queue: requests accepted and not yet finished. */
  readonly asyncQueue: AsyncQueue;
  /** Model Monitor's job definitions, monitoring schedules and their executions (the server's schedule runner runs them). */
  readonly monitoring: MonitoringCatalog;
  /** Step Functions: state machines, executions, their history, the engine's progress and task tokens. */
  readonly workflows: WorkflowCatalog;
  /**
   * Publishes a Step Functions task's events (`events:putEvents`, queues mapped to events) on the
   * outbox exactly once per task call (src/workflows/integrations/events-integration.ts).
   */
  readonly taskEvents: EventPublisher;
  /** EventBridge's buses, rules, targets, archives, replays, deliveries owed and dead letters, over the outbox. */
  readonly eventbridge: EventBridgeCatalog;
  /** What the server's event scheduler has fired, per schedule rule (src/events/schedules). */
  readonly eventSchedules: ScheduleStateStore;
  /** Lineage: artifacts, actions, contexts, trial components and their associations (SageMaker's model). */
  readonly lineage: LineageStore;
  /** `godwit gc`'s journal: what it set out to remove, committed before a file is touched (src/gc). */
  readonly gc: GcJournal;
  /** Data governance's catalog: tables, Lake Formation grants, data cells filters, LF-tags, a caller's view (src/governance/catalog). */
  readonly catalog: CatalogStore;
  /** The append-only access log: every access decision, allowed or denied; `godwit audit` reads it (src/governance/audit). */
  readonly accessLog: AccessLog;
  /** Principals (users, roles), their access keys and bearer tokens: who the server authenticates (src/governance/principals). */
  readonly principals: PrincipalStore;
  close(): Promise<void>;
}

/**
 * Opens a home's metadata: the SQLite file in the home, or the PostgreSQL database of the
 * configuration's `databaseUrl` (`GODWIT_DATABASE_URL=postgres://…`), which machines sharing
 * one artifact bucket can share too; `where` overrides the configuration (`{}` is the SQLite
 * file). Brings every capability's schema up to date first. Only the chosen driver is loaded.
 */
export async function openMetadata(home: GodwitHome, clock: Clock, where?: { readonly url?: string }): Promise<Metadata> {
  const url = where ? where.url : configuredDatabaseUrl();
  const db = await openDatabase(url ? { url } : { file: home.metadataFile });
  try {
    await migrate(db, SCHEMAS, url ? redactUrl(url) : home.metadataFile, legacySqlite);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const metrics = lazy<MetricStore>(async () => new (await import('../metrics/sql-metric-store.js')).SqlMetricStore(db, clock));
  const store = new SqlMetadataStore(db, clock);
  return {
    store,
    // Loaded on first use: approval rules, the audit chain and the model card check stay off `godwit runs list`.
    registry: lazy<ModelRegistry>(
      async () =>
        new (await import('../registry/sql-model-registry.js')).SqlModelRegistry(
          db,
          clock,
          async (runId) => (await store.getRun(runId))?.startedBy,
        ),
    ),
    endpoints: lazy(async () => new (await import('../endpoints/sql-endpoint-catalog.js')).SqlEndpointCatalog(db, clock)),
    outbox: { since: (cursor, limit) => listEventsSince(db, cursor, limit) },
    metrics,
    jobs: lazy(async () => new (await import('../jobs/sql-job-catalog.js')).SqlJobCatalog(db, clock)),
    pipelines: lazy(async () => new (await import('../pipelines/sql-pipeline-catalog.js')).SqlPipelineCatalog(db, clock)),
    experiments: lazy(async () => new (await import('../experiments/sql-experiment-catalog.js')).SqlExperimentCatalog(db, clock)),
    alarms: lazy(async () => new (await import('../alarms/sql-alarm-service.js')).SqlAlarmService(db, clock, metrics)),
    autoscaling: lazy(
      async () => new (await import('../autoscaling/sql-autoscaling-catalog.js')).SqlAutoscalingCatalog(db, clock),
    ),
    asyncQueue: lazy(async () => new (await import('../async-inference/sql-async-queue.js')).SqlAsyncQueue(db)),
    monitoring: lazy(
      async () => new (await import('../monitor/schedules/sql-monitoring-catalog.js')).SqlMonitoringCatalog(db, clock),
    ),
    workflows: lazy(async () => new (await import('../workflows/sql-workflow-catalog.js')).SqlWorkflowCatalog(db, clock)),
    taskEvents: async (entries, token) =>
      (await import('../workflows/integrations/events-integration.js')).outboxPublisher(db)(entries, token),
    eventbridge: lazy(
      async () => new (await import('../events/bus/sql-eventbridge-catalog.js')).SqlEventBridgeCatalog(db, clock),
    ),
    eventSchedules: lazy(async () => new (await import('../events/schedules/schedule-state.js')).SqlScheduleState(db)),
    lineage: lazy(async () => new (await import('../lineage/sql-lineage-store.js')).SqlLineageStore(db, clock)),
    gc: lazy(async () => new (await import('../gc/sql-gc-journal.js')).SqlGcJournal(db, clock)),
    catalog: lazy(
      async () => new (await import('../governance/catalog/sql-governance-catalog.js')).SqlGovernanceCatalog(db, clock),
    ),
    accessLog: lazy(async () => new (await import('../governance/audit/sql-access-log.js')).SqlAccessLog(db, clock)),
    principals: lazy(
      async () => new (await import('../governance/principals/sql-principal-store.js')).SqlPrincipalStore(db, clock, home.root),
    ),
    close: () => db.close(),
  };
}

/**
 * A capability whose methods are all async, loaded on its first call: most commands (`godwit runs
 * list`) never touch endpoints, metrics or jobs, and their modules would count against the commands'
 * start-up (test/cli/start-up.test.ts). Their tables are migrated with the others all the same.
 */
function lazy<T extends object>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const call =
    (name: string | symbol) =>
    async (...args: unknown[]) => {
      loaded ??= load();
      const target = (await loaded) as Record<string | symbol, (...a: unknown[]) => unknown>;
      return target[name](...args);
    };
  return new Proxy({} as T, { get: (_, name) => (name === 'then' ? undefined : call(name)) });
}
