import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateModelPackageGroupCommand,
  ListEndpointsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import type { PolicyDocument } from '../../src/governance/governance-records.js';
import { openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const region = 'eu-west-1';
const ACCOUNT = '000000000000';
const ANA_POLICIES: PolicyDocument[] = [
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['sagemaker:*', 'states:*', 'events:PutEvents', 's3:*', 'cloudwatch:PutMetricData', 'logs:Describe*'],
        Resource: '*',
      },
      { Effect: 'Allow', Action: ['application-autoscaling:Describe*', 'godwit:*'], Resource: '*' },
    ],
  },
  {
    Statement: [
      { Sid: 'KeepProd', Effect: 'Deny', Action: 'sagemaker:CreateEndpoint', Resource: 'arn:aws:sagemaker:*:*:endpoint/prod-*' },
    ],
  },
];

interface Credentials {
  readonly key: { accessKeyId: string; secretAccessKey: string };
  readonly token: string;
}

/** Rejects as AWS's AccessDenied(Exception), naming the action (and resource) when the door's shape carries a message. */
const denied =
  (type: string, ...fragments: string[]) =>
  (err: unknown) => {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, type, String(err));
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" should mention "${f}"`);
    return true;
  };

// Every front door, walked by a principal with no rights (each call refused in the door's own
// shape, before it acts), then by one whose policies grant them (each call served). Both are real
// principals of the home with access keys (the official AWS SDK clients, unmodified, sign with
// them) and bearer tokens (the REST API and Vertex AI's door).
describe('every front door asks before it acts', () => {
  let server: RunningServer;
  let root: string;
  const made: { destroy(): void }[] = [];
  const as = (who: Credentials) => {
    const config = { endpoint: server.url, region, credentials: who.key };
    const all = {
      sm: new SageMakerClient(config),
      runtime: new SageMakerRuntimeClient(config),
      sfn: new SFNClient(config),
      events: new EventBridgeClient(config),
      s3: new S3Client({ ...config, forcePathStyle: true }),
      cw: new CloudWatchClient(config),
      logs: new CloudWatchLogsClient(config),
      scaling: new ApplicationAutoScalingClient(config),
      rest: (method: string, path: string, body?: string) =>
        fetch(`${server.url}${path}`, { method, body, headers: { authorization: `Bearer ${who.token}` } }),
    };
    made.push(all.sm, all.runtime, all.sfn, all.events, all.s3, all.cw, all.logs, all.scaling);
    return all;
  };
  let nobody: Credentials;
  let ana: Credentials;

  before(async () => {
    root = scratchDir('godwit-authz-');
    const home = godwitHome(join(root, 'home'));
    const metadata = await openMetadata(home, systemClock, {});
    try {
      const credentials = async (name: string, policies: PolicyDocument[]): Promise<Credentials> => {
        await metadata.principals.create({ name, kind: 'user', policies });
        const key = await metadata.principals.createAccessKey(name);
        const { token } = await metadata.principals.createToken(name);
        return { key: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }, token };
      };
      nobody = await credentials('nobody', []);
      ana = await credentials('ana', ANA_POLICIES);
    } finally {
      await metadata.close();
    }
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  });
  after(async () => {
    for (const c of made) c.destroy();
    await server?.stop();
  });

  const DEFINITION = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } });
  const machineArn = `arn:aws:states:${region}:${ACCOUNT}:stateMachine:Nightly`;

  test('a principal without rights is refused at every door, in its shape, with AWS words', async () => {
    const { sm, runtime, sfn, events, s3, cw, logs, scaling, rest } = as(nobody);
    const who = `User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform:`;
    await assert.rejects(
      sm.send(new CreateEndpointCommand({ EndpointName: 'Prod-Churn', EndpointConfigName: 'c' })),
      denied(
        'AccessDeniedException',
        `${who} sagemaker:CreateEndpoint on resource: arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint/prod-churn`,
      ),
    );
    await assert.rejects(
      sm.send(new ListEndpointsCommand({})),
      denied('AccessDeniedException', 'sagemaker:ListEndpoints on resource: *'),
    );
    await assert.rejects(
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'Churn', Body: Buffer.from('1,2'), ContentType: 'text/csv' })),
      denied(
        'AccessDeniedException',
        `sagemaker:InvokeEndpoint on resource: arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint/churn`,
      ),
    );
    await assert.rejects(
      sfn.send(
        new CreateStateMachineCommand({ name: 'Nightly', definition: DEFINITION, roleArn: 'arn:aws:iam::000000000000:role/r' }),
      ),
      denied('AccessDeniedException', `states:CreateStateMachine on resource: ${machineArn}`),
    );
    await assert.rejects(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn })),
      denied('AccessDeniedException', `states:StartExecution on resource: ${machineArn}`),
    );
    await assert.rejects(
      events.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] })),
      denied('AccessDeniedException', `events:PutEvents on resource: arn:aws:events:${region}:${ACCOUNT}:event-bus/default`),
    );
    await assert.rejects(s3.send(new CreateBucketCommand({ Bucket: 'data' })), denied('AccessDenied', 'Access Denied'));
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'a/b.csv', Body: 'x' })), denied('AccessDenied'));
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'a/b.csv' })), denied('AccessDenied'));
    await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: 'data' })), denied('AccessDenied'));
    await assert.rejects(
      cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1 }] })),
      denied('AccessDenied', 'cloudwatch:PutMetricData'),
    );
    await assert.rejects(logs.send(new DescribeLogGroupsCommand({})), denied('AccessDeniedException', 'logs:DescribeLogGroups'));
    await assert.rejects(
      scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' })),
      denied('AccessDeniedException', 'application-autoscaling:DescribeScalableTargets'),
    );
    const models = await rest('GET', '/api/v1/models');
    assert.equal(models.status, 403);
    assert.equal(((await models.json()) as { error: { code: string } }).error.code, 'E_ACCESS_DENIED');
    const approve = await rest('POST', '/api/v1/models/Churn/versions/1/approve');
    assert.equal(approve.status, 403);
    assert.match(
      ((await approve.json()) as { error: { message: string } }).error.message,
      /godwit:ApproveModel on resource: arn:aws:sagemaker:us-east-1:000000000000:model-package\/Churn\/1/,
    );
    const predict = await rest('POST', '/v1/projects/p/locations/us-central1/endpoints/churn:predict', '{"instances":[[1]]}');
    assert.equal(predict.status, 403);
    assert.equal(((await predict.json()) as { error: { status: string } }).error.status, 'PERMISSION_DENIED');
    assert.equal((await rest('GET', '/api/v1/health')).status, 200, 'health needs no permission');
  });

  test('a principal whose policies grant them is served; an explicit Deny still refuses', async () => {
    const { sm, runtime, sfn, events, s3, cw, logs, scaling, rest } = as(ana);
    await assert.rejects(
      sm.send(new CreateEndpointCommand({ EndpointName: 'Prod-Churn', EndpointConfigName: 'c' })),
      denied('AccessDeniedException', 'with an explicit deny'),
    );
    await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Churn' }));
    assert.deepEqual((await sm.send(new ListEndpointsCommand({}))).Endpoints, []);
    // Past the check, the endpoint's absence is the runtime's own answer, not a refusal.
    await assert.rejects(
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'Churn', Body: Buffer.from('1,2'), ContentType: 'text/csv' })),
      (err: Error) => err.name !== 'AccessDeniedException',
    );
    const made = await sfn.send(
      new CreateStateMachineCommand({ name: 'Nightly', definition: DEFINITION, roleArn: 'arn:aws:iam::000000000000:role/r' }),
    );
    assert.ok((await sfn.send(new StartExecutionCommand({ stateMachineArn: made.stateMachineArn }))).executionArn);
    assert.equal(
      (await events.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }] }))).FailedEntryCount,
      0,
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'a/b.csv', Body: 'x' }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'a/b.csv' }))).Body?.transformToString(), 'x');
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'data' }))).KeyCount, 1);
    await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1 }] }));
    assert.ok(Array.isArray((await logs.send(new DescribeLogGroupsCommand({}))).logGroups));
    await scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    assert.equal((await rest('GET', '/api/v1/models')).status, 200);
    const inAnothersName = await rest('POST', '/api/v1/models/Churn/versions/1/approve', JSON.stringify({ actor: 'bob' }));
    assert.equal(inAnothersName.status, 400, 'a principal approves as itself only');
    assert.match(((await inAnothersName.json()) as { error: { message: string } }).error.message, /user\/ana's/);
    const predict = await rest('POST', '/v1/projects/p/locations/us-central1/endpoints/churn:predict', '{"instances":[[1]]}');
    assert.equal(predict.status, 404, 'past the check: no such endpoint');
  });

  test('godwit audit shows both principals, allowed and denied', async () => {
    await server.stop();
    const env = { GODWIT_HOME: join(root, 'home') };
    const nobody = await cli(['audit', '--principal', 'nobody', '--json', '--limit', '1000'], env);
    assert.equal(nobody.code, 0, nobody.stderr);
    const refused = JSON.parse(nobody.stdout) as { decision: string; action: string; via: string }[];
    assert.equal(refused.length, 16, 'every refused call, once');
    assert.ok(refused.every((d) => d.decision === 'denied'));
    assert.deepEqual([...new Set(refused.map((d) => d.via))].sort(), [
      'application-autoscaling',
      'cloudwatch',
      'events',
      'logs',
      'rest',
      's3',
      'sagemaker',
      'sagemaker-runtime',
      'states',
      'vertex',
    ]);
    const ana = await cli(['audit', '--principal', 'ana', '--allowed', '--action', 's3:*', '--json'], env);
    const reads = JSON.parse(ana.stdout) as { action: string; resource: string; detail: string }[];
    assert.deepEqual(reads.map((d) => [d.action, d.resource]).reverse(), [
      ['s3:CreateBucket', 'arn:aws:s3:::data'],
      ['s3:PutObject', 'arn:aws:s3:::data/a/b.csv'],
      ['s3:GetObject', 'arn:aws:s3:::data/a/b.csv'],
      ['s3:ListBucket', 'arn:aws:s3:::data'],
    ]);
    assert.equal(reads[0].detail, 'allowed by policy 1 statement 1');
    const text = await cli(['audit', '--denied', '--principal', 'ana'], env);
    assert.match(
      text.stdout,
      /denied +arn:aws:iam::000000000000:user\/ana +sagemaker:CreateEndpoint .*explicit deny by KeepProd/,
    );
    server = undefined as unknown as RunningServer;
  });
});
