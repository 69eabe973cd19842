/**
 * A home as 10,000 runs of a 6-step pipeline leave it, made through the library: runs, steps and
 * artifact rows through the metadata store, a registered version per run through the registry,
 * and their lineage through `recordLineage` (the store's `record`) with `lineageNames` and
 * `artifactArn`, in the shapes the live writers record (docs/lineage.md):
 *
 *   raw DataSet (one of 100, each read by 100 runs) ─ContributedTo→ prep ─Produced→ clean
 *   clean → split → train, test;  train + Image + Code → train → Model;  Model + test → evaluate
 *   → Metrics;  Metrics → report → FileSet;  Model + Metrics → register;  Model → ModelPackage
 *   ─AssociatedWith→ ModelGroup, ModelPackage → Approval;  every step ─AssociatedWith→ the run's
 *   context ─AssociatedWith→ the pipeline's.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_REGION, executionArn, modelPackageArn, pipelineArn } from '../../src/core/arns.js';
import { artifactArn, artifactId, lineageNames, parseLineageArn, sha256Digest } from '../../src/lineage/lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput, LineageWrite } from '../../src/lineage/lineage-records.js';
import type { Metadata } from '../../src/meta/index.js';
import type { ArtifactRecord, MetaWrite } from '../../src/meta/metadata-store.js';
import { pipeline, processing, registerModel, type Step, training } from '../../src/pipeline/dsl/index.js';
import type { ArtifactType, StepKind } from '../../src/pipeline/ir.js';

export const PIPELINE = 'bench-churn';
export const DATA_SETS = 100;
export const GROUPS = 10;
export const IMAGE = 'godwit/bench-train:1.0';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
export const rawUri = (i: number) => `s3://bench-data/raw/customers-${String(i).padStart(3, '0')}.csv`;
export const rawDigest = (i: number) => sha256Digest(hex(rawUri(i)));
export const runIdOf = (r: number) => `run-20261206-${String(r).padStart(6, '0')}-bench`;
export const groupOf = (r: number) => `BenchChurn-${r % GROUPS}`;

/** The pipeline's IR (what each run row stores), built with the DSL as a user would. */
export function benchPipeline() {
  const raw = { source: rawUri(0), type: 'dataset' as const };
  const out = (type: ArtifactType, source: string) => ({ type, source });
  const prep = processing('prep', {
    command: ['python', 'prep.py'],
    inputs: { raw },
    outputs: { clean: out('dataset', '/opt/ml/processing/clean') },
  });
  const split = processing('split', {
    command: ['python', 'split.py'],
    inputs: { clean: { source: prep.output('clean'), type: 'dataset' } },
    outputs: { train: out('dataset', '/opt/ml/processing/train'), test: out('dataset', '/opt/ml/processing/test') },
  });
  const train = training('train', {
    process: { image: IMAGE, command: ['python', 'train.py'] },
    inputs: { train: { source: split.output('train'), type: 'dataset' } },
  });
  const evaluate = processing('evaluate', {
    command: ['python', 'evaluate.py'],
    inputs: { model: { source: train.output('model'), type: 'model' }, test: { source: split.output('test'), type: 'dataset' } },
    outputs: { evaluation: out('metrics', '/opt/ml/processing/evaluation') },
  });
  const report = processing('report', {
    command: ['python', 'report.py'],
    inputs: { evaluation: { source: evaluate.output('evaluation'), type: 'metrics' } },
    outputs: { report: out('fileset', '/opt/ml/processing/report') },
  });
  const register = registerModel('register', {
    model: train.output('model'),
    modelPackageGroup: 'BenchChurn',
    approvalStatus: 'PendingManualApproval',
    metrics: evaluate.output('evaluation'),
  });
  const steps: Step[] = [prep, split, train, evaluate, report, register];
  return pipeline(PIPELINE, { steps }).ir;
}

interface StepPlan {
  readonly name: string;
  readonly kind: StepKind;
  /** Inputs: other steps' outputs (`step/name`), or `raw`, `image`, `code`. */
  readonly reads: readonly string[];
  readonly writes: readonly [string, ArtifactType][];
}

const PLAN: readonly StepPlan[] = [
  { name: 'prep', kind: 'processing', reads: ['raw', 'code'], writes: [['clean', 'dataset']] },
  {
    name: 'split',
    kind: 'processing',
    reads: ['prep/clean', 'code'],
    writes: [
      ['train', 'dataset'],
      ['test', 'dataset'],
    ],
  },
  { name: 'train', kind: 'training', reads: ['split/train', 'image', 'code'], writes: [['model', 'model']] },
  { name: 'evaluate', kind: 'processing', reads: ['train/model', 'split/test', 'code'], writes: [['evaluation', 'metrics']] },
  { name: 'report', kind: 'processing', reads: ['evaluate/evaluation', 'code'], writes: [['report', 'fileset']] },
  { name: 'register', kind: 'register-model', reads: ['train/model', 'evaluate/evaluation'], writes: [] },
];

const TYPES: Record<ArtifactType, string> = { dataset: 'DataSet', model: 'Model', metrics: 'Metrics', fileset: 'FileSet' };

const nameOf = (arn: string) => parseLineageArn(arn)?.name ?? arn;

function artifactEntity(
  uri: string,
  digest: string | undefined,
  type: string,
  at: Date,
  displayName?: string,
): LineageEntityInput {
  const d = digest ? sha256Digest(digest) : undefined;
  return {
    arn: artifactArn(uri, d),
    kind: 'Artifact',
    name: artifactId(uri, d),
    displayName,
    type,
    sourceUri: uri,
    digest: d,
    createdAt: at,
    modifiedAt: at,
  };
}

/** The model artifact's URI of run `r` in `home` (what the upstream query starts from). */
export function modelArtifact(home: string, r: number): { uri: string; digest: string; arn: string } {
  const uri = `file://${join(home, 'artifacts', runIdOf(r), 'train', 'model')}/`;
  const digest = hex(uri);
  return { uri, digest, arn: artifactArn(uri, sha256Digest(digest)) };
}

/** Records run `r`: its rows through the metadata store and registry, and returns its lineage. */
export async function recordRun(
  metadata: Metadata,
  home: string,
  ir: ReturnType<typeof benchPipeline>,
  r: number,
): Promise<LineageWrite> {
  const id = runIdOf(r);
  const startedAt = new Date(Date.UTC(2026, 10, 1) + r * 60_000);
  const at = (step: number) => new Date(startedAt.getTime() + step * 5_000);
  await metadata.store.createRun({
    id,
    pipeline: PIPELINE,
    ir,
    parameters: {},
    baseDir: home,
    runDir: join(home, 'runs', id),
    startedAt,
    pid: 1,
    host: 'bench',
    startedBy: 'bench',
  });
  const entities: LineageEntityInput[] = [];
  const associations: LineageAssociationInput[] = [];
  const link = (sourceArn: string, destinationArn: string, type: LineageAssociationInput['type'], createdAt: Date) =>
    associations.push({ sourceArn, destinationArn, type, createdAt });
  const runCtx = lineageNames.run(id);
  const pipelineCtx = lineageNames.pipeline(PIPELINE);
  entities.push(
    {
      arn: pipelineCtx,
      kind: 'Context',
      name: nameOf(pipelineCtx),
      displayName: PIPELINE,
      type: 'SageMakerPipeline',
      sourceUri: pipelineArn(DEFAULT_REGION, PIPELINE),
      createdAt: at(0),
      modifiedAt: at(0),
    },
    {
      arn: runCtx,
      kind: 'Context',
      name: nameOf(runCtx),
      displayName: id,
      type: 'PipelineExecution',
      sourceUri: executionArn(DEFAULT_REGION, PIPELINE, id),
      sourceId: id,
      properties: { pipeline: PIPELINE, status: 'succeeded', startedBy: 'bench' },
      createdAt: startedAt,
      modifiedAt: at(6),
    },
  );
  link(runCtx, pipelineCtx, 'AssociatedWith', startedAt);

  const outputs = new Map<string, LineageEntityInput>();
  const rows: MetaWrite[] = [];
  const artifacts: ArtifactRecord[] = [];
  PLAN.forEach((plan, i) => {
    const step = lineageNames.step(id, plan.name);
    rows.push({
      step: {
        runId: id,
        name: plan.name,
        type: plan.kind,
        status: 'succeeded',
        startedAt: at(i),
        endedAt: at(i + 1),
        attempts: 1,
        cacheKey: hex(`${id}/${plan.name}`).slice(0, 16),
      },
    });
    entities.push({
      arn: step,
      kind: 'Action',
      name: nameOf(step),
      displayName: plan.name,
      type: plan.kind,
      sourceId: id,
      status: 'Completed',
      properties: { attempts: '1', cacheKey: hex(`${id}/${plan.name}`).slice(0, 16) },
      createdAt: at(i),
      modifiedAt: at(i + 1),
    });
    link(step, runCtx, 'AssociatedWith', at(i));
    for (const read of plan.reads) {
      const input =
        read === 'raw'
          ? artifactEntity(rawUri(r % DATA_SETS), rawDigest(r % DATA_SETS), 'DataSet', at(0), 'raw')
          : read === 'image'
            ? artifactEntity(IMAGE, hex(IMAGE), 'Image', at(0))
            : read === 'code'
              ? artifactEntity(`file://${home}/code/${plan.name}.py`, hex(plan.name), 'Code', at(0), `${plan.name}.py`)
              : outputs.get(read);
      if (!input) throw new Error(`no output ${read}`);
      entities.push(input);
      link(input.arn, step, 'ContributedTo', at(i));
    }
    for (const [name, type] of plan.writes) {
      const uri = `file://${join(home, 'artifacts', id, plan.name, name)}/`;
      const sha256 = hex(uri);
      artifacts.push({
        runId: id,
        step: plan.name,
        name,
        type,
        uri,
        sha256,
        size: 1024,
        files: [{ path: 'part-0', size: 1024, sha256 }],
        createdAt: at(i + 1),
      });
      const entity = artifactEntity(uri, sha256, TYPES[type], at(i + 1), name);
      outputs.set(`${plan.name}/${name}`, entity);
      entities.push(entity);
      link(step, entity.arn, 'Produced', at(i + 1));
    }
  });
  await metadata.store.write(rows);
  for (const a of artifacts) await metadata.store.putArtifact(a);
  await metadata.store.putMetrics(id, 'evaluate', { auc: 0.8 + (r % 100) / 1000 });

  const model = modelArtifact(home, r);
  const version = await metadata.registry.registerVersion({
    group: groupOf(r),
    modelUri: model.uri,
    modelSha256: model.digest,
    approvalStatus: 'PendingManualApproval',
    runId: id,
    step: 'register',
    actor: 'bench',
  });
  const packageArn = modelPackageArn(DEFAULT_REGION, groupOf(r), version.version);
  const pkg = artifactEntity(packageArn, undefined, 'ModelPackage', at(6), `${groupOf(r)}/${version.version}`);
  const group = lineageNames.modelGroup(groupOf(r));
  const approval = lineageNames.approval(groupOf(r), version.version);
  entities.push(
    { ...pkg, arn: lineageNames.modelPackage(packageArn) },
    {
      arn: group,
      kind: 'Context',
      name: nameOf(group),
      displayName: groupOf(r),
      type: 'ModelGroup',
      createdAt: at(6),
      modifiedAt: at(6),
    },
    {
      arn: approval,
      kind: 'Action',
      name: nameOf(approval),
      type: 'Approval',
      status: 'PendingManualApproval',
      createdAt: at(6),
      modifiedAt: at(6),
    },
  );
  link(lineageNames.modelPackage(packageArn), group, 'AssociatedWith', at(6));
  link(model.arn, lineageNames.modelPackage(packageArn), 'ContributedTo', at(6));
  link(lineageNames.modelPackage(packageArn), approval, 'ContributedTo', at(6));
  await metadata.store.updateRun(id, { status: 'succeeded', endedAt: at(6) });
  return { entities, associations };
}

/** `runs` runs into `metadata`, lineage recorded `batch` runs per transaction; reports progress. */
export async function generate(metadata: Metadata, home: string, runs: number, progress: (done: number) => void): Promise<void> {
  const ir = benchPipeline();
  const BATCH = 25;
  for (let r = 0; r < runs; r += BATCH) {
    const writes: LineageWrite[] = [];
    for (let k = r; k < Math.min(runs, r + BATCH); k++) writes.push(await recordRun(metadata, home, ir, k));
    // Each entity and association once per write (the shared data sets, image and code recur).
    const entities = new Map<string, LineageEntityInput>();
    const associations = new Map<string, LineageAssociationInput>();
    for (const w of writes) {
      for (const e of w.entities) if (!entities.has(e.arn)) entities.set(e.arn, e);
      for (const a of w.associations)
        if (!associations.has(`${a.sourceArn}\n${a.destinationArn}`)) associations.set(`${a.sourceArn}\n${a.destinationArn}`, a);
    }
    await metadata.lineage.record({ entities: [...entities.values()], associations: [...associations.values()] });
    progress(Math.min(runs, r + BATCH));
  }
}
