import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_REGION, modelPackageArn } from '../../src/core/arns.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { artifactArn, entityName, lineageArn, lineageNames } from '../../src/lineage/lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput } from '../../src/lineage/lineage-records.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { pipeline, processing } from '../../src/pipeline/dsl/index.js';
import { cli } from '../cli/capture.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const RAW = 's3://data/raw/customers.csv';
const RAW_DIGEST = `sha256:${'ab'.repeat(32)}`;
const IMAGE = 'godwit/xgboost:2.1';
const RUNS = ['run-20261201-100000-aaaaaa', 'run-20261202-100000-bbbbbb'];

const artifact = (uri: string, type: string, digest?: string): LineageEntityInput => ({
  arn: artifactArn(uri, digest),
  kind: 'Artifact',
  name: artifactArn(uri, digest).split('/').pop() ?? '',
  type,
  sourceUri: uri,
  digest,
});
const node = (
  kind: 'Action' | 'Context',
  arn: string,
  type: string,
  more: Partial<LineageEntityInput> = {},
): LineageEntityInput => ({
  arn,
  kind,
  name: arn.split('/').pop() ?? '',
  type,
  ...more,
});
const digestOf = (text: string) => `sha256:${Buffer.from(text).toString('hex').padEnd(64, '0').slice(0, 64)}`;

/**
 * Two runs of the `churn` pipeline (prep → train) that read the same raw data set, in the shapes
 * the automatic lineage map gives them (lineageNames, artifactArn), the first run's model
 * registered as Churn/1 and deployed on endpoint `churn-prod`; and a local file read by run 2.
 */
function churnLineage(home: string): { entities: LineageEntityInput[]; associations: LineageAssociationInput[]; local: string } {
  const entities: LineageEntityInput[] = [];
  const associations: LineageAssociationInput[] = [];
  const link = (s: LineageEntityInput, d: LineageEntityInput, type: LineageAssociationInput['type']) =>
    associations.push({ sourceArn: s.arn, destinationArn: d.arn, type });
  const local = join(home, 'holidays.csv');
  writeFileSync(local, 'day\n2026-12-25\n');
  const raw = artifact(RAW, 'DataSet', RAW_DIGEST);
  const image = artifact(IMAGE, 'Image', digestOf('image'));
  const holidays = artifact(pathToFileURL(local).href, 'DataSet', digestOf('holidays'));
  const pipeline = node('Context', lineageNames.pipeline('churn'), 'SageMakerPipeline');
  entities.push(raw, image, holidays, pipeline);
  const models: LineageEntityInput[] = [];
  RUNS.forEach((runId, i) => {
    const run = node('Context', lineageNames.run(runId), 'PipelineExecution', {
      sourceId: runId,
      properties: { pipeline: 'churn' },
    });
    // Run 2's steps as the runs writer names them: the step's name shown, the run id as SourceId.
    const named = i === 1 ? { displayName: 'prep', sourceId: runId } : {};
    const prep = node('Action', lineageNames.step(runId, 'prep'), 'processing', { status: 'Completed', ...named });
    const train = node('Action', lineageNames.step(runId, 'train'), 'training', { status: 'Completed' });
    const features = artifact(`file://${home}/artifacts/${runId}/prep/features/`, 'DataSet', digestOf(`features${i}`));
    const model = artifact(`file://${home}/artifacts/${runId}/train/model/`, 'Model', digestOf(`model${i}`));
    entities.push(run, prep, train, features, model);
    models.push(model);
    link(run, pipeline, 'AssociatedWith');
    for (const step of [prep, train]) link(step, run, 'AssociatedWith');
    link(raw, prep, 'ContributedTo');
    if (i === 1) link(holidays, prep, 'ContributedTo');
    link(prep, features, 'Produced');
    link(features, train, 'ContributedTo');
    link(image, train, 'ContributedTo');
    link(train, model, 'Produced');
  });
  const packageArn = modelPackageArn(DEFAULT_REGION, 'Churn', 1);
  const pkg = { ...artifact(packageArn, 'ModelPackage'), arn: lineageNames.modelPackage(packageArn) };
  const group = node('Context', lineageNames.modelGroup('Churn'), 'ModelGroup');
  const approval = node('Action', lineageNames.approval('Churn', 1), 'Approval', { status: 'Approved' });
  const endpoint = node('Context', lineageNames.endpoint('churn-prod'), 'Endpoint');
  const deployment = node('Action', lineageNames.deployment('churn-prod', 'churn-prod-config-1'), 'ModelDeployment', {
    status: 'Completed',
  });
  entities.push(pkg, group, approval, endpoint, deployment);
  link(pkg, group, 'AssociatedWith');
  link(models[0], pkg, 'ContributedTo');
  link(pkg, approval, 'ContributedTo');
  link(deployment, endpoint, 'AssociatedWith');
  link(models[0], deployment, 'ContributedTo');
  link(pkg, deployment, 'ContributedTo');
  link(image, deployment, 'ContributedTo');
  return { entities, associations, local };
}

const LIVE = 'run-20261203-100000-cccccc';

/** A run recorded through the metadata store, whose writer records its lineage (no lineage written here). */
async function recordLiveRun(metadata: Metadata, root: string): Promise<void> {
  const startedAt = new Date(Date.UTC(2026, 11, 3, 10));
  const ir = pipeline('churn', { steps: [processing('prep', { command: ['true'] })] }).ir;
  await metadata.store.createRun({
    id: LIVE,
    pipeline: 'churn',
    ir,
    parameters: {},
    baseDir: root,
    runDir: join(root, LIVE),
    startedAt,
    pid: 1,
    host: 'h',
  });
  await metadata.store.write([
    { step: { runId: LIVE, name: 'prep', type: 'processing', status: 'succeeded', startedAt, endedAt: startedAt, attempts: 1 } },
  ]);
  await metadata.store.putArtifact({
    runId: LIVE,
    step: 'prep',
    name: 'features',
    type: 'dataset',
    uri: `file://${root}/artifacts/${LIVE}/prep/features/`,
    sha256: 'c'.repeat(64),
    size: 1,
    files: [{ path: 'part-0', size: 1, sha256: 'd'.repeat(64) }],
    createdAt: startedAt,
  });
  await metadata.store.updateRun(LIVE, { status: 'succeeded', endedAt: startedAt });
}

interface JsonGraph {
  form: string;
  starts: string[];
  vertices: { arn: string; type: string; depth: number; direction: string }[];
  edges: { sourceArn: string; destinationArn: string; type: string }[];
  entities: Record<string, { type: string; sourceUri?: string; name: string }>;
}

function lineageCli(name: string, databaseUrl: () => Promise<string | undefined>, options: { skip?: string } = {}) {
  describe(`godwit lineage: ${name}`, { skip: options.skip }, () => {
    let env: NodeJS.ProcessEnv;
    let local: string;
    const run = (...args: string[]) => cli(['lineage', ...args], env);
    const graph = async (...args: string[]): Promise<JsonGraph> => {
      const r = await run(...args, '--json');
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as JsonGraph;
    };

    before(async () => {
      const root = scratchDir('godwit-lineage-cli-');
      const url = await databaseUrl();
      env = { GODWIT_HOME: join(root, 'home'), USER: 'ana', ...(url ? { GODWIT_DATABASE_URL: url } : {}) };
      const metadata = await openMetadata(godwitHome(env.GODWIT_HOME as string), systemClock, { url });
      try {
        const made = churnLineage(root);
        local = made.local;
        await metadata.lineage.record(made);
        await recordLiveRun(metadata, root);
      } finally {
        await metadata.close();
      }
    });

    test('which data trained this model: GROUP/VERSION upstream, data sets only', async () => {
      const g = await graph('Churn/1', '--upstream', '--type', 'DataSet');
      assert.equal(g.form, 'model version');
      assert.deepEqual(
        g.vertices.map((v) => [g.entities[v.arn].sourceUri?.replace(/^file:.*\/artifacts\//, ''), v.depth]),
        [
          [`${RUNS[0]}/prep/features/`, 3],
          [RAW, 5],
        ],
      );
      assert.ok(g.vertices.every((v) => v.direction === 'upstream'));
    });

    test('which models and endpoints used this data set: URI downstream', async () => {
      const g = await graph(RAW, '--downstream', '--type', 'Model', '--type', 'ModelPackage', '--type', 'Endpoint');
      assert.equal(g.form, 'uri');
      assert.deepEqual(g.vertices.map((v) => `${v.type}@${v.depth}`).sort(), [
        'Endpoint@6',
        'Model@4',
        'Model@4',
        'ModelPackage@5',
      ]);
      const endpoint = g.vertices.find((v) => v.type === 'Endpoint');
      assert.equal(endpoint?.arn, lineageNames.endpoint('churn-prod'));
    });

    test('the tree: one section per direction, indented by depth, a shared node shown once', async () => {
      const r = await run(RAW, '--downstream');
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'Downstream (what used it):');
      assert.equal(lines[1], `DataSet  ${RAW}  sha256:abababababab`);
      assert.match(lines[2], /^├─ processing {2}run-20261201-100000-aaaaaa-prep {2}Completed$/);
      assert.ok(lines.some((l) => /^│ {2}[├└]─ DataSet {2}file:.*\/features\/ {2}sha256:/.test(l)));
      assert.ok(lines.includes(`└─ processing  ${RUNS[1]}/prep  Completed`), r.stdout);
      const pipeline = lines.filter((l) => l.includes(`SageMakerPipeline  ${entityName('churn', 'pipeline')}`));
      assert.equal(pipeline.length, 2, r.stdout);
      assert.ok(!pipeline[0].endsWith('(shown above)') && pipeline[1].endsWith('(shown above)'), r.stdout);
      const both = await run('Churn/1');
      assert.equal(both.code, 0, both.stderr);
      assert.match(
        both.stdout,
        /^Upstream \(what it came from\):\nModelPackage {2}arn:aws:sagemaker:us-east-1:000000000000:model-package\/Churn\/1\n└─ Model {2}file:/,
      );
      assert.match(both.stdout, /\n\nDownstream \(what used it\):\nModelPackage .*\n[├└]─ /);
      assert.match(both.stdout, /Approval {2}Churn-1-approval {2}Approved/);
    });

    test('mermaid, dot and json formats', async () => {
      const mermaid = await run(`${RUNS[0]}/train`, '--format', 'mermaid');
      assert.equal(mermaid.code, 0, mermaid.stderr);
      const m = mermaid.stdout.split('\n');
      assert.equal(m[0], 'flowchart LR');
      assert.match(m[1], /^ {2}n0\["training {2}run-20261201-100000-aaaaaa-train {2}Completed"\]$/);
      assert.ok(m.some((l) => /^ {2}n\d+ -->\|Produced\| n\d+$/.test(l)));
      assert.ok(m.includes('  style n0 stroke-width:3px'));
      const dot = await run('endpoint/churn-prod', '--upstream', '--depth', '1', '--format', 'dot');
      assert.equal(dot.code, 0, dot.stderr);
      assert.match(dot.stdout, /^digraph lineage \{\n {2}rankdir=LR;/);
      assert.match(dot.stdout, /n1 -> n0 \[label="AssociatedWith"\];/);
      assert.match(dot.stdout, /\n\}\n$/);
      const g = await graph('endpoint/churn-prod', '--upstream', '--depth', '1');
      assert.deepEqual(
        g.vertices.map((v) => v.type),
        ['ModelDeployment'],
      );
      assert.deepEqual(g.edges, [
        {
          sourceArn: lineageNames.deployment('churn-prod', 'churn-prod-config-1'),
          destinationArn: g.starts[0],
          type: 'AssociatedWith',
        },
      ]);
      assert.ok(g.entities[g.starts[0]], 'entities include the start');
    });

    test('a run the metadata store recorded: its step, run and output, by RUN/STEP and by the output URI', async () => {
      const down = await graph(`${LIVE}/prep`, '--downstream');
      assert.equal(down.form, 'step');
      assert.deepEqual(down.vertices.map((v) => `${v.type}@${v.depth}`).sort(), [
        'DataSet@1',
        'PipelineExecution@1',
        'SageMakerPipeline@2',
      ]);
      const up = await graph(`file://${join(local, '..')}/artifacts/${LIVE}/prep/features/`, '--upstream');
      assert.deepEqual(
        up.vertices.map((v) => [v.arn, v.depth]),
        [[lineageNames.step(LIVE, 'prep'), 1]],
      );
      const tree = await run(LIVE, '--upstream');
      assert.equal(tree.code, 0, tree.stderr);
      assert.match(
        tree.stdout,
        new RegExp(`^Upstream \\(what it came from\\):\\nPipelineExecution  ${LIVE}\\n└─ processing  ${LIVE}/prep  Completed`),
      );
    });

    test('every form of TARGET', async () => {
      const hex = RAW_DIGEST.slice(7);
      const cases: [string, string, string][] = [
        [RAW_DIGEST, 'digest', artifactArn(RAW, RAW_DIGEST)],
        [hex, 'digest', artifactArn(RAW, RAW_DIGEST)],
        [RUNS[1], 'run', lineageNames.run(RUNS[1])],
        [`${RUNS[1]}/prep`, 'step', lineageNames.step(RUNS[1], 'prep')],
        ['churn-prod', 'endpoint', lineageNames.endpoint('churn-prod')],
        ['endpoint/churn-prod', 'endpoint', lineageNames.endpoint('churn-prod')],
        [lineageNames.pipeline('churn'), 'arn', lineageNames.pipeline('churn')],
        [local, 'uri', artifactArn(pathToFileURL(local).href, digestOf('holidays'))],
      ];
      for (const [target, form, start] of cases) {
        const g = await graph(target, '--depth', '1');
        assert.deepEqual([g.form, g.starts], [form, [start]], target);
      }
      const relative = await cli(['lineage', 'holidays.csv', '--downstream', '--json'], env, join(local, '..'));
      assert.equal(relative.code, 0, relative.stderr);
      const fromRelative = JSON.parse(relative.stdout) as JsonGraph;
      assert.deepEqual(
        fromRelative.vertices.filter((v) => v.depth === 1).map((v) => v.arn),
        [lineageNames.step(RUNS[1], 'prep')],
      );
      const trailing = await graph(
        `file://${join(local, '..')}/artifacts/${RUNS[0]}/train/model`,
        '--depth',
        '1',
        '--downstream',
      );
      assert.equal(trailing.starts.length, 1, 'a directory URI with or without its slash');
    });

    test('unknown targets and bad flags are coded errors naming the thing and the forms', async () => {
      for (const target of [
        's3://data/raw/nope.csv',
        `sha256:${'0'.repeat(64)}`,
        'Churn/9',
        'no-such-run',
        'run/step',
        lineageArn('Context', 'x-y'),
      ]) {
        const r = await run(target);
        assert.equal(r.code, 2, `${target}: ${r.stdout}`);
        assert.match(r.stderr, /E_LINEAGE_NOT_FOUND|No lineage for/);
        assert.ok(r.stderr.includes(`No lineage for "${target}"`), r.stderr);
        assert.match(r.stderr, /GROUP\/VERSION, a run id, RUN\/STEP, endpoint\/NAME/);
      }
      const depth = await run(RAW, '--depth', '11');
      assert.equal(depth.code, 2);
      assert.match(depth.stderr, /--depth 11 is not a whole number from 1 to 10/);
      const both = await run(RAW, '--upstream', '--downstream');
      assert.equal(both.code, 2);
      assert.match(both.stderr, /give one or neither/);
      const format = await run(RAW, '--format', 'svg');
      assert.equal(format.code, 2);
    });
  });
}

lineageCli('sqlite', async () => undefined);
lineageCli('postgres', testDatabase, { skip: POSTGRES_SKIP });
