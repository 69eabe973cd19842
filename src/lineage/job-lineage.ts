import { DEFAULT_REGION, jobArn } from '../core/arns.js';
import type { SqlDatabase } from '../db/sql-database.js';
import { toModel } from '../endpoints/endpoint-rows.js';
import type { JobKind, JobRecord } from '../jobs/job-records.js';
import { artifactEntity, edge, knownDigest, listAt, stringAt } from './catalog-entities.js';
import { modelInputs } from './endpoint-lineage.js';
import { entityName, lineageNames } from './lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput, LineageWrite } from './lineage-records.js';
import { recordLineage } from './record-lineage.js';

const TYPE: Record<JobKind, string> = { training: 'TrainingJob', processing: 'ProcessingJob', transform: 'TransformJob' };

/**
 * A SageMaker job's trial component (docs/lineage.md, "SageMaker job"), written when the job is
 * created and again as it changes (its status, and its outputs once it has them):
 *
 *   input channels (DataSet) ─ContributedTo→ TrialComponent ─Produced→ outputs (Model / DataSet)
 *   image (Image), a transform's model (Model, ModelPackage) ─ContributedTo→ TrialComponent
 *   TrialComponent ─AssociatedWith→ the one-step run that executed it (PipelineExecution)
 *
 * Inputs and outputs are read from the request and the result as SageMaker's Describe gives them
 * (`InputDataConfig`, `ProcessingInputs`, `TransformInput`; `ModelArtifacts`,
 * `ProcessingOutputConfig`, `TransformOutput`); a URI Godwit recorded a digest for keeps it.
 */
export async function jobLineage(db: SqlDatabase, job: JobRecord): Promise<LineageWrite> {
  const tc: LineageEntityInput = {
    arn: lineageNames.job(job.kind, job.name),
    kind: 'TrialComponent',
    name: entityName(job.name, 'aws', job.kind, 'job'),
    displayName: job.name,
    type: TYPE[job.kind],
    sourceUri: jobArn(DEFAULT_REGION, job.kind, job.name),
    status: job.status,
    ...(job.runId !== undefined && { sourceId: job.runId, properties: { runId: job.runId } }),
    createdAt: job.createdAt,
    modifiedAt: job.lastModifiedAt,
  };
  const at = job.createdAt;
  const inputs: LineageEntityInput[] = [];
  const outputs: LineageEntityInput[] = [];
  const data = async (type: string, uri: string | undefined, into: LineageEntityInput[]) => {
    if (uri !== undefined) into.push(artifactEntity(type, uri, await knownDigest(db, uri), { createdAt: at }));
  };
  const r = job.request;
  const done = job.status === 'Completed';
  if (job.kind === 'training') {
    for (const c of listAt(r, 'InputDataConfig'))
      await data('DataSet', stringAt(c, 'DataSource', 'S3DataSource', 'S3Uri'), inputs);
    const image = stringAt(r, 'AlgorithmSpecification', 'TrainingImage');
    if (image) inputs.push(artifactEntity('Image', image, undefined, { createdAt: at }));
    await data('Model', stringAt(job.result, 'ModelArtifacts', 'S3ModelArtifacts'), outputs);
  } else if (job.kind === 'processing') {
    for (const i of listAt(r, 'ProcessingInputs')) await data('DataSet', stringAt(i, 'S3Input', 'S3Uri'), inputs);
    const image = stringAt(r, 'AppSpecification', 'ImageUri');
    if (image) inputs.push(artifactEntity('Image', image, undefined, { createdAt: at }));
    if (done)
      for (const o of listAt(r, 'ProcessingOutputConfig', 'Outputs'))
        await data('DataSet', stringAt(o, 'S3Output', 'S3Uri'), outputs);
  } else {
    await data('DataSet', stringAt(r, 'TransformInput', 'DataSource', 'S3DataSource', 'S3Uri'), inputs);
    const modelName = stringAt(r, 'ModelName');
    const [m] = modelName ? await db.query('SELECT * FROM endpoint_models WHERE name = ?', [modelName]) : [];
    if (m) inputs.push(...(await modelInputs(db, toModel(m), at)));
    if (done) await data('DataSet', stringAt(r, 'TransformOutput', 'S3OutputPath'), outputs);
  }
  const associations: LineageAssociationInput[] = [
    ...inputs.map((i) => edge(i.arn, tc.arn, 'ContributedTo')),
    ...outputs.map((o) => edge(tc.arn, o.arn, 'Produced')),
  ];
  if (job.runId !== undefined) associations.push(edge(tc.arn, lineageNames.run(job.runId), 'AssociatedWith'));
  return { entities: [...inputs, tc, ...outputs], associations };
}

/** The jobs catalog's call line, inside its transaction. */
export async function recordJob(tx: SqlDatabase, job: JobRecord, now: Date): Promise<void> {
  await recordLineage(tx, await jobLineage(tx, job), now);
}
