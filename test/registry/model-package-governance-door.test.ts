import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../src/core/home.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 } from '../helpers/boto3.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const STATISTICS = JSON.stringify({ version: 0, regression_metrics: { mse: { value: 4.2, standard_deviation: 0.2 } } });
const GOOD_STATISTICS = JSON.stringify({ version: 0, regression_metrics: { mse: { value: 2.5, standard_deviation: 0.2 } } });
const CARD = {
  model_overview: { model_description: 'rings from shell measurements', model_creator: 'data team' },
  intended_uses: { purpose_of_model: 'age estimation', risk_rating: 'Low' },
};

const validation = (pattern: RegExp) => (err: Error) => {
  assert.equal(err.name, 'ValidationException', err.message);
  assert.match(err.message, pattern);
  return true;
};

/** A real server over a fresh home, on the home's SQLite file or a PostgreSQL database, with the env its CLI calls use. */
async function serve(backend: 'sqlite' | 'postgres') {
  const home = godwitHome(join(scratchDir('godwit-governance-door-'), 'home'));
  const env: NodeJS.ProcessEnv = { GODWIT_HOME: home.root };
  const before = process.env.GODWIT_DATABASE_URL;
  if (backend === 'postgres') env.GODWIT_DATABASE_URL = process.env.GODWIT_DATABASE_URL = await testDatabase();
  let server: RunningServer;
  try {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  } finally {
    if (before === undefined) delete process.env.GODWIT_DATABASE_URL;
    else process.env.GODWIT_DATABASE_URL = before;
  }
  return { server, env };
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`Model package governance through @aws-sdk/client-sagemaker (${backend})`, {
    skip: backend === 'postgres' && POSTGRES_SKIP,
  }, () => {
    let server: RunningServer;
    let env: NodeJS.ProcessEnv;
    const clients: SageMakerClient[] = [];
    const as = (accessKeyId: string) => {
      const c = new SageMakerClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId, secretAccessKey: 'not-a-secret' },
      });
      clients.push(c);
      return c;
    };
    before(async () => {
      ({ server, env } = await serve(backend));
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await server?.stop();
    });

    test('CreateModelPackage records ModelMetrics with digests, metadata, tags and a card; rules hold UpdateModelPackage', async () => {
      const s3 = new S3Client({
        endpoint: server.url,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'godwit', secretAccessKey: 'godwit-local' },
      });
      await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
      await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'abalone/statistics.json', Body: STATISTICS }));
      s3.destroy();
      const author = as('AKIDAUTHOR');
      await author.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone-Gov' }));
      const create = (overrides: object = {}) =>
        author.send(
          new CreateModelPackageCommand({
            ModelPackageGroupName: 'Abalone-Gov',
            InferenceSpecification: {
              Containers: [{ Image: 'xgboost:1.7', ModelDataUrl: 'file:///models/abalone/' }],
              SupportedContentTypes: ['text/csv'],
              SupportedResponseMIMETypes: ['text/csv'],
            },
            ModelApprovalStatus: 'PendingManualApproval',
            ModelMetrics: {
              ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://reports/abalone/statistics.json' } },
              Bias: {
                Report: {
                  ContentType: 'application/json',
                  S3Uri: 's3://reports/abalone/bias.json',
                  ContentDigest: 'sha256:given',
                },
              },
            },
            CustomerMetadataProperties: { ticket: 'ML-42' },
            Tags: [{ Key: 'team', Value: 'rings' }],
            ModelCard: { ModelCardContent: JSON.stringify(CARD), ModelCardStatus: 'Draft' },
            ...overrides,
          }),
        );
      const { ModelPackageArn: arn } = await create();
      assert.equal(arn, 'arn:aws:sagemaker:us-east-1:000000000000:model-package/Abalone-Gov/1');
      const described = await author.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
      assert.deepEqual(described.ModelMetrics, {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: 's3://reports/abalone/statistics.json',
            ContentDigest: sha(STATISTICS),
          },
        },
        Bias: {
          Report: { ContentType: 'application/json', S3Uri: 's3://reports/abalone/bias.json', ContentDigest: 'sha256:given' },
        },
      });
      assert.deepEqual(described.CustomerMetadataProperties, { ticket: 'ML-42' });
      assert.deepEqual(
        [JSON.parse(described.ModelCard?.ModelCardContent ?? '{}'), described.ModelCard?.ModelCardStatus],
        [CARD, 'Draft'],
      );
      assert.equal(described.CreatedBy?.IamIdentity?.PrincipalId, 'AKIDAUTHOR');
      assert.equal(described.LastModifiedBy?.UserProfileName, 'AKIDAUTHOR');

      await assert.rejects(
        create({
          ModelCard: { ModelCardContent: JSON.stringify({ intended_uses: { risk_rating: 'Severe' } }), ModelCardStatus: 'Draft' },
        }),
        validation(/Model card: intended_uses\.risk_rating is "Severe", not one of High, Medium, Low, Unknown/),
      );
      await assert.rejects(
        create({ ModelCard: { ModelCardContent: JSON.stringify({ model_overview: { owner: 'x' } }), ModelCardStatus: 'Draft' } }),
        validation(/model_overview\.owner is not a field of the model card schema under model_overview/),
      );

      const rules = await cli(
        ['models', 'rules', 'Abalone-Gov', '--max', 'regression_metrics.mse.value=5', '--approvers', '2', '--not-author'],
        env,
      );
      assert.equal(rules.code, 0, rules.stderr);
      const approve = (client: SageMakerClient, note?: string) =>
        client.send(
          new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved', ApprovalDescription: note }),
        );
      await assert.rejects(
        approve(author),
        validation(/AKIDAUTHOR cannot approve Abalone-Gov version 1: the rule "not the author"/),
      );
      const alice = as('AKIDALICE');
      await approve(alice, 'mse within 5');
      assert.equal(
        (await alice.send(new DescribeModelPackageCommand({ ModelPackageName: arn }))).ModelApprovalStatus,
        'PendingManualApproval',
      );
      await assert.rejects(
        approve(alice),
        validation(/AKIDALICE already approved Abalone-Gov version 1; the rule of group Abalone-Gov needs 2 different approvers/),
      );
      await approve(as('AKIDBOB'), 'agreed');
      const approved = await alice.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
      assert.deepEqual(
        [approved.ModelApprovalStatus, approved.ApprovalDescription, approved.LastModifiedBy?.IamIdentity?.PrincipalId],
        ['Approved', 'agreed', 'AKIDBOB'],
      );

      await alice.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: arn,
          CustomerMetadataProperties: { owner: 'alice' },
          CustomerMetadataPropertiesToRemove: ['ticket'],
          ModelCard: { ModelCardContent: JSON.stringify(CARD), ModelCardStatus: 'PendingReview' },
        }),
      );
      const updated = await alice.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
      assert.deepEqual(
        [updated.CustomerMetadataProperties, updated.ModelCard?.ModelCardStatus],
        [{ owner: 'alice' }, 'PendingReview'],
      );
      assert.equal(updated.ApprovalDescription, 'agreed', 'an update is not a change of status');
      await assert.rejects(
        alice.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, SourceUri: 's3://x/y' })),
        validation(/cannot record SourceUri/),
      );

      // Rejected is final, through the door as anywhere.
      const second = (await create({ ModelCard: undefined })).ModelPackageArn;
      await alice.send(
        new UpdateModelPackageCommand({ ModelPackageArn: second, ModelApprovalStatus: 'Rejected', ApprovalDescription: 'leaks' }),
      );
      await assert.rejects(
        alice.send(new UpdateModelPackageCommand({ ModelPackageArn: second, ModelApprovalStatus: 'Approved' })),
        validation(/Abalone-Gov version 2 was rejected, and a rejection is final\. Register a new version/),
      );

      const history = await cli(['models', 'history', 'Abalone-Gov', '--json'], env);
      assert.deepEqual(
        JSON.parse(history.stdout).map((e: { version: number; kind: string; actor: string }) => [e.version, e.kind, e.actor]),
        [
          [1, 'registered', 'AKIDAUTHOR'],
          [1, 'vote', 'AKIDALICE'],
          [1, 'status', 'AKIDBOB'],
          [1, 'update', 'AKIDALICE'],
          [2, 'registered', 'AKIDAUTHOR'],
          [2, 'status', 'AKIDALICE'],
        ],
      );
      const verified = await cli(['models', 'history', 'Abalone-Gov', '--verify'], env);
      assert.equal(verified.code, 0, verified.stderr);
      assert.match(verified.stdout, /The audit log of Abalone-Gov is intact: 6 rows/);
    });
  });
}

// A user's registry script as written for SageMaker, with only endpoint_url added (boto3 1.26, whose
// CreateModelPackage predates ModelCard: the card goes through the @aws-sdk client above).
const SCRIPT = `
import json, sys, boto3
from botocore.exceptions import ClientError
url = sys.argv[1]
sm = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1",
                  aws_access_key_id="AKIDPY", aws_secret_access_key="x")
s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                  aws_access_key_id="godwit", aws_secret_access_key="godwit-local")
s3.create_bucket(Bucket="eval")
s3.put_object(Bucket="eval", Key="v1/statistics.json", Body=sys.argv[2].encode())
s3.put_object(Bucket="eval", Key="v2/statistics.json", Body=sys.argv[3].encode())
sm.create_model_package_group(ModelPackageGroupName="Rings-Py")
def create(key):
    return sm.create_model_package(
        ModelPackageGroupName="Rings-Py",
        InferenceSpecification={"Containers": [{"Image": "xgboost:1.7", "ModelDataUrl": "s3://eval/model.tar.gz"}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]},
        ModelApprovalStatus="PendingManualApproval",
        ModelMetrics={"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": f"s3://eval/{key}/statistics.json"}}},
        CustomerMetadataProperties={"owner": "py"},
        Tags=[{"Key": "team", "Value": "rings"}],
    )["ModelPackageArn"]
first = create("v1")
second = create("v2")
approver = boto3.client("sagemaker", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="AKIDREVIEWER", aws_secret_access_key="x")
try:
    approver.update_model_package(ModelPackageArn=first, ModelApprovalStatus="Approved")
    refused = None
except ClientError as e:
    refused = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
approver.update_model_package(ModelPackageArn=second, ModelApprovalStatus="Approved", ApprovalDescription="mse 2.5")
d = sm.describe_model_package(ModelPackageName=second)
print(json.dumps({"refused": refused, "status": d["ModelApprovalStatus"], "note": d["ApprovalDescription"],
                  "by": d["LastModifiedBy"]["UserProfileName"], "created": d["CreatedBy"]["UserProfileName"],
                  "digest": d["ModelMetrics"]["ModelQuality"]["Statistics"]["ContentDigest"],
                  "metadata": d["CustomerMetadataProperties"]}))
`;

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`Model package governance through boto3 1.26 (${backend})`, {
    skip: skipWithoutBoto3 || (backend === 'postgres' && POSTGRES_SKIP),
  }, () => {
    let server: RunningServer;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
      ({ server, env } = await serve(backend));
    });
    after(() => server?.stop());

    test('CreateModelPackage with ModelMetrics, metadata and tags; UpdateModelPackage approval under a metric rule', async () => {
      // The rule is set before the group exists: it waits for it, and CreateModelPackageGroup still makes it.
      assert.equal((await cli(['models', 'rules', 'Rings-Py', '--max', 'regression_metrics.mse.value=3'], env)).code, 0);
      const child = spawn(PYTHON, ['-c', SCRIPT, server.url, STATISTICS, GOOD_STATISTICS], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, err);
      const result = JSON.parse(out);
      assert.equal(result.refused[0], 'ValidationException');
      assert.match(
        result.refused[1],
        /Rings-Py version 1 cannot be approved: regression_metrics\.mse\.value is 4\.2, and the rule of group Rings-Py is regression_metrics\.mse\.value ≤ 3/,
      );
      assert.deepEqual(
        [result.status, result.note, result.by, result.created, result.digest, result.metadata],
        ['Approved', 'mse 2.5', 'AKIDREVIEWER', 'AKIDPY', sha(GOOD_STATISTICS), { owner: 'py' }],
      );
    });
  });
}
