import { DEFAULT_REGION } from '../core/arns.js';
import type { SqlDatabase } from '../db/sql-database.js';
import { inlineJobSpec, type JobSpec, typedJobSpec } from '../monitor/schedules/job-spec.js';
import { monitoringScheduleArn } from '../monitor/schedules/monitoring-events.js';
import type { JobDefinitionRecord, Json, ScheduleRecord } from '../monitor/schedules/schedule-records.js';
import { artifactEntity, edge, knownDigest } from './catalog-entities.js';
import { entityName, lineageNames } from './lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput, LineageWrite } from './lineage-records.js';
import { recordLineage } from './record-lineage.js';

/**
 * A monitoring schedule's lineage (docs/lineage.md, "Monitoring schedule"), written when it is
 * created and whenever its config or status changes:
 *
 *   Endpoint (context) ─ContributedTo→ MonitoringSchedule
 *   baseline statistics / constraints (Metrics), a batch input's captured data (DataSet) ─ContributedTo→ MonitoringSchedule
 *
 * The job it runs is read from its config: inline, or the named job definition (read in `db`).
 */
export async function monitoringLineage(db: SqlDatabase, schedule: ScheduleRecord): Promise<LineageWrite> {
  const context: LineageEntityInput = {
    arn: lineageNames.monitoringSchedule(schedule.name),
    kind: 'Context',
    name: entityName(schedule.name, 'monitoring-schedule'),
    displayName: schedule.name,
    type: 'MonitoringSchedule',
    sourceUri: monitoringScheduleArn(DEFAULT_REGION, schedule.name),
    properties: { monitoringType: schedule.type, scheduleStatus: schedule.status },
    createdAt: schedule.createdAt,
    modifiedAt: schedule.lastModifiedAt,
  };
  const associations: LineageAssociationInput[] = [];
  const inputs: LineageEntityInput[] = [];
  if (schedule.endpointName !== undefined)
    associations.push(edge(lineageNames.endpoint(schedule.endpointName), context.arn, 'ContributedTo'));
  const spec = await specOf(db, schedule);
  const at = schedule.lastModifiedAt;
  for (const [role, uri] of [
    ['statistics', spec?.baseline?.statisticsUri],
    ['constraints', spec?.baseline?.constraintsUri],
  ] as const)
    if (uri !== undefined)
      inputs.push(artifactEntity('Metrics', uri, await knownDigest(db, uri), { createdAt: at, properties: { baseline: role } }));
  if (spec?.source.kind === 'batch') inputs.push(artifactEntity('DataSet', spec.source.uri, undefined, { createdAt: at }));
  associations.push(...inputs.map((i) => edge(i.arn, context.arn, 'ContributedTo')));
  return { entities: [context, ...inputs], associations };
}

/** The job the schedule runs, or undefined when its definition is gone or no longer reads (a backfill of old records). */
async function specOf(db: SqlDatabase, schedule: ScheduleRecord): Promise<JobSpec | undefined> {
  try {
    const inline = schedule.config.MonitoringJobDefinition as Json | undefined;
    if (inline) return inlineJobSpec(schedule.type, inline);
    if (schedule.definitionName === undefined) return undefined;
    const [row] = await db.query<{ record: string }>('SELECT record FROM monitoring_job_definitions WHERE name = ?', [
      schedule.definitionName,
    ]);
    if (!row) return undefined;
    const definition = JSON.parse(row.record) as JobDefinitionRecord;
    return typedJobSpec(definition.type, definition.definition);
  } catch {
    return undefined;
  }
}

/** The monitoring catalog's call line, inside its transaction. */
export async function recordSchedule(tx: SqlDatabase, schedule: ScheduleRecord, now: Date): Promise<void> {
  await recordLineage(tx, await monitoringLineage(tx, schedule), now);
}
