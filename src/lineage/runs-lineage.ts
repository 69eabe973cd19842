import { DEFAULT_REGION, executionArn, pipelineArn } from '../core/arns.js';
import type { ArtifactRecord, StepRecord, StepStatus } from '../meta/metadata-store.js';
import type { ArtifactType } from '../pipeline/ir.js';
import { artifactArn, artifactId, entityName, lineageNames, parseLineageArn, sha256Digest } from './lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput, LineageWrite } from './lineage-records.js';

/**
 * What a run's records say in lineage (docs/lineage.md, "Runs"), one function per record, shared
 * by the live writer (the runs capability records each in the transaction of its record) and the
 * runs backfill (which calls them on the rows a Godwit without lineage left), so both record the
 * same entities and edges. Times come from the records, not from when lineage was written.
 */

/** The run fields lineage keeps. */
export interface RunLineageRecord {
  readonly id: string;
  readonly pipeline: string;
  readonly status: string;
  readonly startedBy?: string;
  readonly startedAt: Date;
  readonly endedAt?: Date;
}

/** Context `PipelineExecution` of the run --AssociatedWith--> context `SageMakerPipeline` of its pipeline. */
export function runLineage(run: RunLineageRecord, at: Date = run.endedAt ?? run.startedAt): LineageWrite {
  const pipeline: LineageEntityInput = {
    arn: lineageNames.pipeline(run.pipeline),
    kind: 'Context',
    name: nameOf(lineageNames.pipeline(run.pipeline)),
    displayName: run.pipeline,
    type: 'SageMakerPipeline',
    sourceUri: pipelineArn(DEFAULT_REGION, run.pipeline),
    createdAt: run.startedAt,
    modifiedAt: run.startedAt,
  };
  const context = runContext(run, at);
  return {
    entities: [pipeline, context],
    associations: [{ sourceArn: context.arn, destinationArn: pipeline.arn, type: 'AssociatedWith', createdAt: run.startedAt }],
  };
}

/** The run's context alone, as a change of the run's status updates it. */
export function runContext(run: RunLineageRecord, at: Date = run.endedAt ?? run.startedAt): LineageEntityInput {
  const arn = lineageNames.run(run.id);
  return {
    arn,
    kind: 'Context',
    name: nameOf(arn),
    displayName: run.id,
    type: 'PipelineExecution',
    sourceUri: executionArn(DEFAULT_REGION, run.pipeline, run.id),
    sourceId: run.id,
    properties: { pipeline: run.pipeline, status: run.status, ...(run.startedBy ? { startedBy: run.startedBy } : {}) },
    createdAt: run.startedAt,
    modifiedAt: at,
  };
}

/** A step's action status: none for a step that never started (pending, skipped, not run). */
const ACTION_STATUS: Partial<Record<StepStatus, string>> = {
  running: 'InProgress',
  succeeded: 'Completed',
  cached: 'Completed',
  failed: 'Failed',
  stopped: 'Stopped',
};

/** Whether a step record has an action: it ran, or reused another's outputs. */
export const hasAction = (step: Pick<StepRecord, 'status'>) => ACTION_STATUS[step.status] !== undefined;

/**
 * The step's Action (type: its IR kind) --AssociatedWith--> the run's context; for a step served
 * from the cache, the original step's action --AssociatedWith--> it. Nothing for a step that did
 * not start.
 */
export function stepLineage(step: StepRecord): LineageWrite {
  const status = ACTION_STATUS[step.status];
  if (status === undefined) return EMPTY;
  const arn = lineageNames.step(step.runId, step.name);
  const started = step.startedAt ?? step.endedAt;
  const properties: Record<string, string> = { attempts: String(step.attempts) };
  if (step.cacheKey) properties.cacheKey = step.cacheKey;
  if (step.cachedFrom) properties.cachedFrom = step.cachedFrom;
  const action: LineageEntityInput = {
    arn,
    kind: 'Action',
    name: nameOf(arn),
    displayName: step.name,
    type: step.type,
    sourceId: step.runId,
    status,
    properties,
    createdAt: started,
    modifiedAt: step.endedAt ?? started,
  };
  const associations: LineageAssociationInput[] = [
    { sourceArn: arn, destinationArn: lineageNames.run(step.runId), type: 'AssociatedWith', createdAt: started },
  ];
  if (step.status === 'cached' && step.cachedFrom && step.cachedFrom !== step.runId) {
    const original = lineageNames.step(step.cachedFrom, step.name);
    associations.push({ sourceArn: original, destinationArn: arn, type: 'AssociatedWith', createdAt: step.endedAt ?? started });
  }
  return { entities: [action], associations };
}

/** SageMaker's artifact types for Godwit's. */
export const ARTIFACT_TYPES: Record<ArtifactType, string> = {
  dataset: 'DataSet',
  model: 'Model',
  metrics: 'Metrics',
  fileset: 'FileSet',
};

/** A step's output --- the artifact its record names, by URI and digest --- produced by the step's action. */
export function outputLineage(artifact: ArtifactRecord): LineageWrite {
  const entity = runArtifact(artifact);
  const step = lineageNames.step(artifact.runId, artifact.step);
  return {
    entities: [entity],
    associations: [{ sourceArn: step, destinationArn: entity.arn, type: 'Produced', createdAt: artifact.createdAt }],
  };
}

/** The artifact entity of a run's artifact record: the same node whichever run or step names it (its URI and digest). */
export function runArtifact(artifact: ArtifactRecord): LineageEntityInput {
  return artifactEntity({
    uri: artifact.uri,
    digest: artifact.sha256,
    type: ARTIFACT_TYPES[artifact.type],
    displayName: artifact.name,
    at: artifact.createdAt,
  });
}

/** Something a step read that is not a run's artifact record: an input's data, its code, its image. */
export interface StepRead {
  readonly uri: string;
  /** Bare hex or `sha256:<hex>`; absent when Godwit does not know it. */
  readonly digest?: string;
  /** `DataSet`, `Model`, `Metrics`, `FileSet`, `Code`, `Image`. */
  readonly type: string;
  readonly displayName?: string;
}

/** Each input (a run artifact or a read) --ContributedTo--> the step's action. */
export function readsLineage(
  step: Pick<StepRecord, 'runId' | 'name'>,
  reads: { readonly artifacts: readonly ArtifactRecord[]; readonly others: readonly StepRead[] },
  at: Date,
): LineageWrite {
  const arn = lineageNames.step(step.runId, step.name);
  const entities = [
    ...reads.artifacts.map(runArtifact),
    ...reads.others.map((r) => artifactEntity({ uri: r.uri, digest: r.digest, type: r.type, displayName: r.displayName, at })),
  ];
  const unique = [...new Map(entities.map((e) => [e.arn, e])).values()];
  return {
    entities: unique,
    associations: unique.map((e) => ({ sourceArn: e.arn, destinationArn: arn, type: 'ContributedTo', createdAt: at })),
  };
}

/** Several writes as one, in order: `recordLineage` records an entity given twice as two writes of it. */
export function concatLineage(...writes: readonly LineageWrite[]): LineageWrite {
  return { entities: writes.flatMap((w) => w.entities), associations: writes.flatMap((w) => w.associations) };
}

export const EMPTY: LineageWrite = { entities: [], associations: [] };

function artifactEntity(a: { uri: string; digest?: string; type: string; displayName?: string; at: Date }): LineageEntityInput {
  const digest = a.digest ? sha256Digest(a.digest) : undefined;
  return {
    arn: artifactArn(a.uri, digest),
    kind: 'Artifact',
    name: artifactId(a.uri, digest),
    displayName: a.displayName,
    type: a.type,
    sourceUri: a.uri,
    digest,
    createdAt: a.at,
    modifiedAt: a.at,
  };
}

function nameOf(arn: string): string {
  return parseLineageArn(arn)?.name ?? entityName(arn);
}
