import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreatePipelineCommand,
  CreateProcessingJobCommand,
  DescribePipelineExecutionCommand,
  DescribeProcessingJobCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { loadConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { pipeline, sql } from '../../src/pipeline/dsl/index.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { resolveRunAs } from '../../src/runtime/run-caller.js';
import { serverJobs } from '../../src/server/server-jobs.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { ANA_SEES, valuesSql } from '../governance/worked-example.js';
import { OPEN_S3_CREDENTIALS } from '../helpers/open-s3.js';
import { scratchDir } from '../helpers/scratch.js';
import { BUCKET, echoDefinition, FIXTURES, waitForStatus } from './sagemaker-pipelines-fixture.js';

const ROWS = valuesSql({ ssn: true });
const ANA = 'arn:aws:iam::000000000000:user/ana';
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as const;
const region = 'us-east-1';

/** The worked example in a fresh home, ana with her two filters and CREATE_TABLE on churn; carol with no grant. */
async function governedHome(prefix: string) {
  const dir = scratchDir(prefix);
  const home = godwitHome(join(dir, 'home'));
  const env = { GODWIT_HOME: home.root, GODWIT_USER: 'admin' };
  const ok = async (...args: string[]) => {
    const r = await cli(args, env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await ok(
    'sql',
    `create schema churn; create table churn.customers(id bigint, region varchar, email varchar, plan varchar, spend bigint, ssn varchar); insert into churn.customers values ${ROWS}`,
  );
  await ok('catalog', 'sync');
  await ok('filter', 'create', 'eu_no_pii', '--on', 'churn.customers', '--where', "region = 'EU'", '--exclude', 'email,ssn');
  await ok('filter', 'create', 'vip_contact', '--on', 'churn.customers', '--where', "plan = 'vip'", '--columns', 'id,email');
  const metadata = await openMetadata(home, systemClock, {});
  await metadata.principals.create({ name: 'ana', kind: 'user', policies: [EVERYTHING] });
  await metadata.principals.create({ name: 'carol', kind: 'user', policies: [EVERYTHING] });
  await ok('grant', 'SELECT', '--on', 'filter:churn.customers.eu_no_pii', '--to', 'user/ana');
  await ok('grant', 'SELECT', '--on', 'filter:churn.customers.vip_contact', '--to', 'user/ana');
  await ok('grant', 'CREATE_TABLE', '--on', 'churn', '--to', 'user/ana');
  await ok('grant', 'CREATE_TABLE', '--on', 'churn', '--to', 'user/carol');
  return { dir, home, env, ok, metadata };
}

describe('a pipeline started through the SageMaker door runs as its authenticated caller', () => {
  let h: Awaited<ReturnType<typeof governedHome>>;
  let server: RunningServer;
  let sm: SageMakerClient;
  let token: string;
  let eveToken: string;

  before(async () => {
    h = await governedHome('godwit-run-caller-door-');
    const key = await h.metadata.principals.createAccessKey('ana');
    token = (await h.metadata.principals.createToken('ana')).token;
    await h.metadata.principals.create({ name: 'eve', kind: 'user' });
    eveToken = (await h.metadata.principals.createToken('eve')).token;
    server = await startServer(h.home, { host: '127.0.0.1', port: 0, log: () => {} });
    const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    const s3 = new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'code/prep.py', Body: await readFile(join(FIXTURES, 'prep.py')) }));
    s3.destroy();
    sm = new SageMakerClient({ endpoint: server.url, region, credentials });
  });
  after(async () => {
    sm?.destroy();
    await server?.stop();
    await h?.metadata.close();
  });

  test('StartPipelineExecution signed by ana: startedBy is her ARN, DescribePipelineExecution names her in CreatedBy', async () => {
    await sm.send(
      new CreatePipelineCommand({
        PipelineName: 'echo',
        PipelineDefinition: await echoDefinition(),
        RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      }),
    );
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'echo' }));
    const described = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(described.PipelineExecutionStatus, 'Succeeded', described.FailureReason);
    assert.deepEqual(described.CreatedBy, { IamIdentity: { Arn: ANA } });
    const runId = (arn as string).split('/').pop() as string;
    assert.equal((await h.metadata.store.getRun(runId))?.startedBy, ANA);
    // The REST API's run report says so too.
    const res = await fetch(`${server.url}/api/v1/runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(((await res.json()) as { startedBy?: string }).startedBy, ANA);
  });

  test("POST /api/v1/pipelines/{name}/runs with ana's token runs as ana; without StartPipelineExecution it is 403", async () => {
    const start = (bearer: string, body: unknown) =>
      fetch(`${server.url}/api/v1/pipelines/echo/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await start(token, { parameters: { InputValue: 'from-rest' } });
    const started = (await res.json()) as { runId: string; startedBy: string };
    assert.equal(res.status, 200, JSON.stringify(started));
    assert.equal(started.startedBy, ANA);
    const arn = `arn:aws:sagemaker:${region}:000000000000:pipeline/echo/execution/${started.runId}`;
    const described = await waitForStatus(sm, arn, ['Succeeded', 'Failed']);
    assert.equal(described.PipelineExecutionStatus, 'Succeeded', described.FailureReason);
    assert.deepEqual(described.CreatedBy, { IamIdentity: { Arn: ANA } });
    const refused = await start(eveToken, {});
    assert.equal(refused.status, 403);
    assert.match(
      ((await refused.json()) as { error: { message: string } }).error.message,
      /sagemaker:StartPipelineExecution on resource: arn:aws:sagemaker:us-east-1:000000000000:pipeline\/echo/,
    );
    const bad = await start(token, { parameters: ['x'] });
    assert.equal(bad.status, 400);
    const missing = await fetch(`${server.url}/api/v1/pipelines/nope/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(missing.status, 404);
  });

  test("CreateProcessingJob signed by ana: the job's run records her", async () => {
    await sm.send(
      new CreateProcessingJobCommand({
        ProcessingJobName: 'as-ana',
        AppSpecification: { ImageUri: 'godwit/builtin', ContainerEntrypoint: ['node', '-e', '0'] },
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
        RoleArn: 'arn:aws:iam::000000000000:role/local',
      }),
    );
    for (let i = 0; i < 600; i++) {
      const d = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'as-ana' }));
      if (d.ProcessingJobStatus !== 'InProgress') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const job = await h.metadata.jobs.get('processing', 'as-ana');
    assert.equal(job?.status, 'Completed', job?.failureReason);
    assert.equal((await h.metadata.store.getRun(job?.runId as string))?.startedBy, ANA);
  });

  test('a run the local user started names no one in CreatedBy', async () => {
    const local = await cli(['run', join(process.cwd(), 'examples/yaml-hello/pipeline.yaml'), '--json'], h.env);
    assert.equal(local.code, 0, local.stderr);
    const [summary] = await h.metadata.store.listRuns();
    const record = await h.metadata.store.getRun(summary.id);
    assert.doesNotMatch(String(record?.startedBy), /^arn:/);
    const out = await sm.send(
      new DescribePipelineExecutionCommand({
        PipelineExecutionArn: `arn:aws:sagemaker:${region}:000000000000:pipeline/${summary.pipeline}/execution/${summary.id}`,
      }),
    );
    assert.equal(out.CreatedBy, undefined);
  });
});

describe("the server's runs: a caller's sql steps read through its views, on the server's warehouses", () => {
  let h: Awaited<ReturnType<typeof governedHome>>;
  let services: Awaited<ReturnType<typeof openLocalServices>>;
  let jobs: ReturnType<typeof serverJobs>;

  before(async () => {
    h = await governedHome('godwit-run-caller-sql-');
    services = await openLocalServices(h.home);
    jobs = serverJobs(h.home, loadConfig({ cwd: h.dir, env: h.env }), services, () => 'http://127.0.0.1:1', OPEN_S3_CREDENTIALS);
  });
  after(async () => {
    await jobs?.close();
    await services?.close();
    await h?.metadata.close();
  });

  const copy = pipeline('copy-customers', {
    steps: [
      sql('copy', {
        dialect: 'duckdb',
        statements: 'create or replace table churn.copied as select * from churn.customers',
      }),
    ],
  });
  const runAs = async (who: string) => {
    const { caller } = await resolveRunAs(who, (name) => h.metadata.principals.get(name));
    const run = await jobs.runs.start({ ir: copy.ir, parameters: {}, baseDir: h.dir, caller });
    return { runId: run.runId, outcome: await run.done };
  };

  test("ana's sql step writes only her view; the run records her", async () => {
    const { runId, outcome } = await runAs('ana');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.equal((await h.metadata.store.getRun(runId))?.startedBy, ANA);
    const rows = JSON.parse(await h.ok('sql', '--json', 'select * from churn.copied order by id')).statements[0].rows;
    assert.deepEqual(rows, ANA_SEES);
  });

  test('carol holds no grant on the table: her step fails with E_ACCESS_DENIED naming it', async () => {
    const { runId, outcome } = await runAs('carol');
    assert.equal(outcome.status, 'failed');
    const [step] = await h.metadata.store.listSteps(runId);
    assert.equal(step.status, 'failed');
    assert.match(String(step.reason), /E_ACCESS_DENIED|Access denied/);
    assert.match(String(step.reason), /churn\.customers/);
    const log = JSON.parse(await h.ok('audit', '--principal', 'carol', '--denied', '--json'));
    const entries: { resource: string }[] = Array.isArray(log) ? log : log.decisions;
    assert.ok(entries.some((e) => e.resource.includes('customers')));
  });
});
