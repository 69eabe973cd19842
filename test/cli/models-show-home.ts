/**
 * A real home for the registry-reading verbs: a small pipeline (prep → train → evaluate →
 * register) run twice by `godwit run` with different data and learning rate (Churn/1, Churn/2),
 * Churn/2 approved and deployed by `godwit endpoints create`, and a third version registered with
 * SageMaker's governance fields (ModelMetrics, tags, customer metadata, a model card) the way the
 * SageMaker door and `models register` register them. On SQLite, or on PostgreSQL with `databaseUrl`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { artifactArn, lineageNames, sha256Digest } from '../../src/lineage/lineage-names.js';
import type { LineageWrite } from '../../src/lineage/lineage-records.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import type { ModelCard } from '../../src/registry/model-card.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

const PIPELINE = `apiVersion: godwit/v1
kind: Pipeline
name: churn
parameters:
  - { name: input_data, type: string, default: data/churn.csv }
  - { name: learning_rate, type: float, default: 0.1 }
steps:
  - name: prep
    type: processing
    process: { command: [node], code: steps/prep.mjs, args: [{ kind: InputPath, name: raw }, { kind: OutputPath, name: train }] }
    inputs: [{ name: raw, source: { kind: Parameter, name: input_data } }]
    outputs: [{ name: train, type: dataset }]
  - name: train
    type: training
    process: { command: [node], code: steps/train.mjs, contract: sagemaker }
    hyperparameters:
      learning_rate: { kind: Parameter, name: learning_rate }
      epochs: 5
      optimizer: adam
    inputs: [{ name: train, type: dataset, source: { kind: StepOutput, step: prep, output: train } }]
    outputs: [{ name: model, type: model }]
    metricDefinitions:
      - { name: "train:loss", regex: "loss=([0-9.]+)" }
      - { name: "train:accuracy", regex: "accuracy=([0-9.]+)" }
      - { name: "train:rows", regex: "rows=([0-9]+)" }
  - name: evaluate
    type: processing
    process: { command: [node], code: steps/evaluate.mjs, args: [{ kind: InputPath, name: model }, { kind: OutputPath, name: report }] }
    inputs: [{ name: model, type: model, source: { kind: StepOutput, step: train, output: model } }]
    outputs: [{ name: report, type: metrics }]
  - name: register
    type: register-model
    model: { kind: StepOutput, step: train, output: model }
    modelPackageGroup: Churn
    approvalStatus: PendingManualApproval
    metrics: { kind: StepOutput, step: evaluate, output: report }
    image: example.com/churn-serve:1
    contentTypes: [text/csv]
    responseTypes: [application/json]
    inferenceInstances: [ml.m5.large]
`;

const STEPS: Record<string, string> = {
  'prep.mjs': `import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [input, out] = process.argv.slice(2);
const file = statSync(input).isDirectory() ? join(input, readdirSync(input)[0]) : input;
const rows = readFileSync(file, 'utf8').trim().split('\\n').slice(1);
writeFileSync(join(out, 'train.csv'), rows.join('\\n') + '\\n');
`,
  'train.mjs': `import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const train = process.env.SM_CHANNEL_TRAIN;
const hps = JSON.parse(process.env.SM_HPS ?? '{}');
const rows = readdirSync(train).flatMap((f) => readFileSync(join(train, f), 'utf8').trim().split('\\n'));
const weight = rows.reduce((s, r) => s + Number(r.split(',')[0]), 0) * Number(hps.learning_rate);
writeFileSync(join(process.env.SM_MODEL_DIR, 'model.json'), JSON.stringify({ weight }));
console.log('rows=' + rows.length);
console.log('loss=' + (1 / (1 + weight)).toFixed(4));
console.log('accuracy=' + (weight / (1 + weight)).toFixed(4));
`,
  'evaluate.mjs': `import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [model, out] = process.argv.slice(2);
let dir = model;
if (existsSync(join(model, 'model.tar.gz'))) {
  dir = mkdtempSync(join(tmpdir(), 'eval-'));
  execFileSync('tar', ['xzf', join(model, 'model.tar.gz'), '-C', dir]);
}
const { weight } = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
const auc = Number((weight / (1 + weight)).toFixed(4));
writeFileSync(join(out, 'evaluation.json'), JSON.stringify({
  binary_classification_metrics: { auc: { value: auc }, log_loss: { value: Number((1 - auc).toFixed(4)) } },
}));
`,
};

export const CARD: ModelCard = {
  status: 'PendingReview',
  content: {
    model_overview: {
      model_description: 'Churn <b>scores</b> & "risk"',
      model_owner: 'ana',
      problem_type: 'Binary classification',
    },
    intended_uses: {
      purpose_of_model: 'Rank customers by churn risk',
      intended_uses: 'Retention campaigns | weekly',
      risk_rating: 'Medium',
      explanations_for_risk_rating: 'Influences offers, not prices.',
    },
    additional_information: { caveats_and_recommendations: 'Retrain monthly. <script>alert(1)</script>' },
  },
};

export interface ChurnHome {
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  /** The two runs, oldest first (Churn/1, Churn/2). */
  readonly runs: readonly [string, string];
  readonly open: () => Promise<Metadata>;
}

export async function churnHome(databaseUrl?: string): Promise<ChurnHome> {
  const dir = scratchDir('godwit-models-cli-');
  const env: NodeJS.ProcessEnv = {
    GODWIT_HOME: join(dir, 'home'),
    GODWIT_USER: 'ana',
    USER: 'ana',
    ...(databaseUrl && { GODWIT_DATABASE_URL: databaseUrl }),
  };
  const project = join(dir, 'project');
  mkdirSync(join(project, 'steps'), { recursive: true });
  mkdirSync(join(project, 'data'));
  writeFileSync(join(project, 'pipeline.yaml'), PIPELINE);
  for (const [name, text] of Object.entries(STEPS)) writeFileSync(join(project, 'steps', name), text);

  const open = () => openMetadata(godwitHome(env.GODWIT_HOME as string), systemClock, { url: databaseUrl });
  const runs: string[] = [];
  for (const [rows, rate] of [
    ['1,0\n2,1\n3,1\n', '0.1'],
    ['1,0\n2,1\n3,1\n5,1\n', '0.3'],
  ]) {
    writeFileSync(join(project, 'data', 'churn.csv'), `x,y\n${rows}`);
    const r = await cli(['run', join(project, 'pipeline.yaml'), '--param', `learning_rate=${rate}`, '--json'], env, project);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    runs.push(JSON.parse(r.stdout).id);
  }
  const approve = await cli(['models', 'approve', 'Churn', '2', '--note', 'AUC checked by hand'], {
    ...env,
    USER: 'bo',
    GODWIT_USER: 'bo',
  });
  assert.equal(approve.code, 0, approve.stderr);
  const endpoint = await cli(['endpoints', 'create', 'churn-live', '--model', 'Churn/2'], env);
  assert.equal(endpoint.code, 0, endpoint.stderr);

  const metadata = await open();
  try {
    const model = await metadata.registry.getVersion('Churn', 2);
    assert.ok(model);
    await metadata.registry.registerVersion({
      group: 'Churn',
      modelUri: model.modelUri,
      modelSha256: model.modelSha256,
      approvalStatus: 'PendingManualApproval',
      metrics: model.metrics,
      metricsUri: model.metricsUri,
      runId: model.runId,
      step: model.step,
      inference: { ...model.inference, image: 'example.com/churn-serve:2' },
      modelMetrics: {
        modelQuality: {
          statistics: {
            contentType: 'application/json',
            uri: 's3://reports/churn/quality.json',
            digest: `sha256:${'ab'.repeat(32)}`,
          },
        },
        bias: { report: { contentType: 'application/json', uri: 's3://reports/churn/bias.json' } },
      },
      tags: { team: 'retention', tier: 'gold' },
      customerMetadata: { ticket: 'ML-42' },
      modelCard: CARD,
      actor: 'ana',
    });
    await recordRegistryUnlessWritten(metadata);
  } finally {
    await metadata.close();
  }
  return { env, dir, runs: runs as [string, string], open };
}

/*
 * The registry's and the endpoints' lineage as their writer records it (docs/lineage.md's map,
 * lineage-names.ts) for what no writer recorded in this home: that writer lands on its own, and
 * this records only what is still missing (nothing once it does). Runs record their own.
 */
function lineageWrite() {
  const write: { entities: LineageWrite['entities'][number][]; associations: LineageWrite['associations'][number][] } = {
    entities: [],
    associations: [],
  };
  const entity = (e: LineageWrite['entities'][number]) => write.entities.push(e);
  const edge = (sourceArn: string, destinationArn: string, type: 'ContributedTo' | 'Produced' | 'AssociatedWith') =>
    write.associations.push({ sourceArn, destinationArn, type });
  return { write, entity, edge };
}

const nameOf = (arn: string) => arn.slice(arn.indexOf('/') + 1);

/** Each version's ModelPackage artifact and its model group; the endpoint's deployment of Churn/2. */
async function recordRegistryUnlessWritten(metadata: Metadata): Promise<void> {
  const lineage = metadata.lineage;
  const { write, entity, edge } = lineageWrite();
  const group = lineageNames.modelGroup('Churn');
  for (const v of await metadata.registry.listVersions('Churn')) {
    const pkg = lineageNames.modelPackage(v.arn);
    if (await lineage.get(pkg)) continue;
    const data = artifactArn(v.modelUri, v.modelSha256 && sha256Digest(v.modelSha256));
    entity({ arn: pkg, kind: 'Artifact', name: nameOf(pkg), type: 'ModelPackage', sourceUri: v.arn });
    entity({ arn: group, kind: 'Context', name: nameOf(group), type: 'ModelGroup' });
    edge(data, pkg, 'ContributedTo');
    edge(pkg, group, 'AssociatedWith');
  }
  await lineage.record(write);
  const endpointArn = lineageNames.endpoint('churn-live');
  if (await lineage.get(endpointArn)) return;
  const endpoint = await metadata.endpoints.getEndpoint('churn-live');
  const v2 = await metadata.registry.getVersion('Churn', 2);
  assert.ok(endpoint && v2);
  const deployment = lineageNames.deployment('churn-live', endpoint.configName);
  await lineage.record({
    entities: [
      { arn: endpointArn, kind: 'Context', name: nameOf(endpointArn), displayName: 'churn-live', type: 'Endpoint' },
      { arn: deployment, kind: 'Action', name: nameOf(deployment), type: 'ModelDeployment', status: 'Completed' },
    ],
    associations: [
      { sourceArn: lineageNames.modelPackage(v2.arn), destinationArn: deployment, type: 'ContributedTo' },
      { sourceArn: deployment, destinationArn: endpointArn, type: 'AssociatedWith' },
    ],
  });
}
