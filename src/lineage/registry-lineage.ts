import { DEFAULT_REGION, groupArn } from '../core/arns.js';
import type { SqlDatabase } from '../db/sql-database.js';
import type { ApprovalEvent, MetricsSource, ModelMetrics, ModelVersion } from '../registry/model-registry.js';
import { artifactEntity, edge } from './catalog-entities.js';
import { artifactId, entityName, lineageNames } from './lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput, LineageWrite } from './lineage-records.js';
import { recordLineage } from './record-lineage.js';

/**
 * A registered model package version's lineage (docs/lineage.md, "Model package version"):
 *
 *   model data (Model, uri + digest) ─ContributedTo→ ModelPackage ─AssociatedWith→ ModelGroup
 *   report files (Metrics) ─ContributedTo→ ModelPackage ─ContributedTo→ Approval (status)
 *   image (Image) ─ContributedTo→ ModelPackage;  registering step ─Produced→ ModelPackage
 *
 * The model data node is keyed by the version's URI and digest, the ones a pipeline's register
 * step takes from the training step's artifact record, so it is the node the run's step produced.
 * `registered` is the registration's audit entry (who registered, the first status).
 */
export function registryLineage(v: ModelVersion, registered: Pick<ApprovalEvent, 'actor' | 'at' | 'note'>): LineageWrite {
  const pkg = packageEntity(v);
  const group: LineageEntityInput = {
    arn: lineageNames.modelGroup(v.group),
    kind: 'Context',
    name: entityName(v.group, 'model-group'),
    displayName: v.group,
    type: 'ModelGroup',
    sourceUri: groupArn(DEFAULT_REGION, v.group),
    createdAt: v.createdAt,
  };
  const model = artifactEntity('Model', v.modelUri, v.modelSha256, { createdAt: v.createdAt });
  const reports = reportFiles(v).map(([role, source]) =>
    artifactEntity('Metrics', source.uri, source.digest, {
      createdAt: v.createdAt,
      properties: { report: role, ...(source.contentType && { contentType: source.contentType }) },
    }),
  );
  const image = v.inference?.image ? [artifactEntity('Image', v.inference.image, undefined, { createdAt: v.createdAt })] : [];
  const approval = approvalLineage(v, { ...registered, to: v.approvalStatus });
  const associations: LineageAssociationInput[] = [
    edge(pkg.arn, group.arn, 'AssociatedWith'),
    edge(model.arn, pkg.arn, 'ContributedTo'),
    ...reports.map((r) => edge(r.arn, pkg.arn, 'ContributedTo')),
    ...image.map((i) => edge(i.arn, pkg.arn, 'ContributedTo')),
    ...approval.associations,
  ];
  if (v.runId !== undefined && v.step !== undefined)
    associations.push(edge(lineageNames.step(v.runId, v.step), pkg.arn, 'Produced'));
  return { entities: [group, model, ...reports, ...image, pkg, ...approval.entities], associations };
}

/**
 * An approval status change: the version's `Approval` action takes the new status, and who set
 * it, when and why (the audit log keeps every change; the action shows the latest).
 */
export function approvalLineage(v: ModelVersion, change: Pick<ApprovalEvent, 'actor' | 'at' | 'note' | 'to'>): LineageWrite {
  const approval: LineageEntityInput = {
    arn: lineageNames.approval(v.group, v.version),
    kind: 'Action',
    name: entityName(v.group, String(v.version), 'approval'),
    displayName: `${v.group}/${v.version} approval`,
    type: 'Approval',
    sourceUri: v.arn,
    status: change.to,
    properties: {
      approvalStatus: change.to,
      changedBy: change.actor,
      changedAt: change.at.toISOString(),
      comment: change.note ?? '',
    },
    createdAt: v.createdAt,
    modifiedAt: change.at,
  };
  return { entities: [approval], associations: [edge(lineageNames.modelPackage(v.arn), approval.arn, 'ContributedTo')] };
}

function packageEntity(v: ModelVersion): LineageEntityInput {
  const properties: Record<string, string> = { group: v.group, version: String(v.version), modelUri: v.modelUri };
  if (v.runId !== undefined) properties.runId = v.runId;
  if (v.step !== undefined) properties.step = v.step;
  return {
    arn: lineageNames.modelPackage(v.arn),
    kind: 'Artifact',
    name: artifactId(v.arn),
    displayName: `${v.group}/${v.version}`,
    type: 'ModelPackage',
    sourceUri: v.arn,
    ...(v.runId !== undefined && { sourceId: v.runId }),
    ...(v.description !== undefined && { description: v.description }),
    properties,
    createdAt: v.createdAt,
  };
}

/** Every report file of the version: its `ModelMetrics` by role, and the metrics report it was registered with. */
function reportFiles(v: ModelVersion): [string, MetricsSource][] {
  const m: ModelMetrics = v.modelMetrics ?? {};
  const all: [string, MetricsSource | undefined][] = [
    ['ModelQuality.Statistics', m.modelQuality?.statistics],
    ['ModelQuality.Constraints', m.modelQuality?.constraints],
    ['ModelDataQuality.Statistics', m.modelDataQuality?.statistics],
    ['ModelDataQuality.Constraints', m.modelDataQuality?.constraints],
    ['Bias.Report', m.bias?.report],
    ['Bias.PreTrainingReport', m.bias?.preTrainingReport],
    ['Bias.PostTrainingReport', m.bias?.postTrainingReport],
    ['Explainability.Report', m.explainability?.report],
  ];
  const found = all.filter((e): e is [string, MetricsSource] => e[1] !== undefined);
  if (v.metricsUri !== undefined && !found.some(([, s]) => s.uri === v.metricsUri))
    found.push(['MetricsReport', { contentType: 'application/json', uri: v.metricsUri }]);
  return found;
}

/** The registry's call lines, inside its own transactions. */
export async function recordRegistration(tx: SqlDatabase, v: ModelVersion, actor: string, now: Date): Promise<void> {
  await recordLineage(tx, registryLineage(v, { actor, at: now, note: 'registered' }), now);
}

export async function recordApproval(
  tx: SqlDatabase,
  v: ModelVersion,
  change: Pick<ApprovalEvent, 'actor' | 'note' | 'to'>,
  now: Date,
): Promise<void> {
  await recordLineage(tx, approvalLineage(v, { ...change, at: now }), now);
}
