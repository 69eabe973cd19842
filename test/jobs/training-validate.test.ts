import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JOB_KINDS, type JobKindSpec } from '../../src/jobs/job-kind.js';
import { readTrainingRequest } from '../../src/jobs/kinds/training-request.js';
import { assertRefused } from './refusals.js';
import { trainingRequest } from './training-request.js';

const spec = (await JOB_KINDS.training?.()) as JobKindSpec;

const refused = (request: Record<string, unknown>, message: RegExp) => assertRefused(spec, request, message);

const channel = (source: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  InputDataConfig: [{ ChannelName: 'train', DataSource: source, ...extra }],
});

describe('CreateTrainingJob validation', () => {
  test('the training kind is registered and keeps a well-formed request as sent', () => {
    assert.equal(spec?.kind, 'training');
    assert.deepEqual(spec?.fields, { name: 'TrainingJobName', arn: 'TrainingJobArn', status: 'TrainingJobStatus' });
    const request = trainingRequest();
    assert.equal(spec?.validate(request), request);
  });

  test('channels from s3://, file:// and gs://, and a file system path, are read', () => {
    const request = readTrainingRequest(
      trainingRequest({
        InputDataConfig: [
          { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/train' } } },
          { ChannelName: 'validation', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'file:///tmp/v' } } },
          { ChannelName: 'test', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'gs://b/test/' } } },
          {
            ChannelName: 'extra',
            DataSource: {
              FileSystemDataSource: {
                FileSystemId: 'fs-0123456789',
                FileSystemAccessMode: 'ro',
                FileSystemType: 'EFS',
                DirectoryPath: '/mnt/efs/extra',
              },
            },
          },
        ],
      }),
    );
    assert.deepEqual(
      request.channels.map((c) => [c.name, c.source, c.sourceKind]),
      [
        ['train', 's3://data/train', 'S3DataSource'],
        ['validation', 'file:///tmp/v', 'S3DataSource'],
        ['test', 'gs://b/test/', 'S3DataSource'],
        ['extra', '/mnt/efs/extra', 'FileSystemDataSource'],
      ],
    );
  });

  test('missing members are named by their path, as SageMaker names them', () => {
    refused(
      trainingRequest({ RoleArn: undefined }),
      /Value null at 'roleArn' failed to satisfy constraint: Member must not be null/,
    );
    refused(
      trainingRequest({ ResourceConfig: { InstanceCount: 1, VolumeSizeInGB: 5 } }),
      /at 'resourceConfig\.instanceType'.*must not be null/,
    );
    refused(trainingRequest({ OutputDataConfig: {} }), /at 'outputDataConfig\.s3OutputPath'/);
    refused(
      trainingRequest(channel({ S3DataSource: { S3DataType: 'S3Prefix' } })),
      /at 'inputDataConfig\.1\.member\.dataSource\.s3DataSource\.s3Uri'/,
    );
    refused(trainingRequest({ StoppingCondition: undefined }), /at 'stoppingCondition'/);
  });

  test('bad values name the member, the value and the rule', () => {
    refused(trainingRequest({ TrainingJobName: 'bad_name' }), /Value 'bad_name' at 'trainingJobName'.*regular expression/);
    refused(
      trainingRequest({ ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 0, VolumeSizeInGB: 5 } }),
      /'resourceConfig\.instanceCount'.*greater than or equal to 1/,
    );
    refused(
      trainingRequest({ AlgorithmSpecification: { TrainingImage: 'x', TrainingInputMode: 'Sideways' } }),
      /'algorithmSpecification\.trainingInputMode'.*enum value set: \[Pipe, File, FastFile\]/,
    );
    refused(trainingRequest({ HyperParameters: { rounds: 5 } }), /'hyperParameters\.rounds'.*Map value must be a string/);
    refused(trainingRequest({ Environment: { '1BAD': 'x' } }), /'environment\.key'.*regular expression/);
    refused(trainingRequest({ StoppingCondition: { MaxRuntimeInSeconds: 0 } }), /'stoppingCondition\.maxRuntimeInSeconds'/);
  });

  test('a malformed channel is refused naming the channel', () => {
    refused(
      trainingRequest(channel({ S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'http://x/y' } })),
      /Channel "train": S3Uri "http:\/\/x\/y" is not an s3:\/\/, gs:\/\/ or file:\/\/ URI/,
    );
    refused(
      trainingRequest(channel({})),
      /Channel "train": DataSource must have exactly one of S3DataSource and FileSystemDataSource/,
    );
    refused(
      trainingRequest(channel({ S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://d/t' } }, { CompressionType: 'Gzip' })),
      /Channel "train": CompressionType Gzip is only read in Pipe input mode/,
    );
    refused(
      trainingRequest(channel({ S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://d/t' } }, { InputMode: 'Pipe' })),
      /Channel "train" has InputMode Pipe/,
    );
    refused(
      trainingRequest(channel({ S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://d/m.json' } })),
      /S3DataType ManifestFile is not supported/,
    );
    refused(
      trainingRequest({
        InputDataConfig: [
          { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://d/a' } } },
          { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://d/b' } } },
        ],
      }),
      /"train" appears more than once/,
    );
    refused(
      trainingRequest(channel({ S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://d/t' } }, { ChannelName: 'a b' })),
      /'inputDataConfig\.1\.member\.channelName'/,
    );
  });

  test('the algorithm: one of TrainingImage and AlgorithmName, a mode Godwit can stage, metric regexes that compile', () => {
    refused(
      trainingRequest({ AlgorithmSpecification: { TrainingInputMode: 'File' } }),
      /exactly one of TrainingImage and AlgorithmName/,
    );
    refused(
      trainingRequest({ AlgorithmSpecification: { TrainingImage: 'x', AlgorithmName: 'y', TrainingInputMode: 'File' } }),
      /exactly one/,
    );
    refused(
      trainingRequest({ AlgorithmSpecification: { TrainingImage: 'x', TrainingInputMode: 'Pipe' } }),
      /TrainingInputMode Pipe/,
    );
    const metric = (Regex: string) =>
      trainingRequest({
        AlgorithmSpecification: { TrainingImage: 'x', TrainingInputMode: 'File', MetricDefinitions: [{ Name: 'loss', Regex }] },
      });
    refused(metric('loss=([0-9'), /MetricDefinitions "loss": Regex loss=\(\[0-9 does not compile/);
    refused(metric('loss=[0-9.]+'), /MetricDefinitions "loss": Regex .* has no capture group/);
    assert.equal(readTrainingRequest(metric('loss=([0-9.]+)')).metricDefinitions[0].Regex, 'loss=([0-9.]+)');
    assert.equal(
      readTrainingRequest(
        trainingRequest({ AlgorithmSpecification: { AlgorithmName: 'my-algo', TrainingInputMode: 'FastFile' } }),
      ).imageField,
      'AlgorithmName',
    );
  });

  test('spot training needs MaxWaitTimeInSeconds ≥ MaxRuntimeInSeconds, and only spot may have it', () => {
    refused(
      trainingRequest({ EnableManagedSpotTraining: true }),
      /MaxWaitTimeInSeconds must be given when EnableManagedSpotTraining is true/,
    );
    refused(
      trainingRequest({ StoppingCondition: { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 900 } }),
      /only for managed spot training/,
    );
    refused(
      trainingRequest({
        EnableManagedSpotTraining: true,
        StoppingCondition: { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 300 },
      }),
      /Invalid MaxWaitTimeInSeconds \(300\): it must be greater than or equal to MaxRuntimeInSeconds \(600\)/,
    );
    const ok = readTrainingRequest(
      trainingRequest({
        EnableManagedSpotTraining: true,
        StoppingCondition: { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 900 },
      }),
    );
    assert.deepEqual([ok.spot, ok.maxRuntimeSeconds, ok.maxWaitSeconds], [true, 600, 900]);
  });

  test('what one machine cannot do is refused; what it does differently is noted', () => {
    refused(
      trainingRequest({ ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 2, VolumeSizeInGB: 5 } }),
      /InstanceCount is 2: Godwit trains on one local instance/,
    );
    refused(
      trainingRequest({ OutputDataConfig: { S3OutputPath: '/models' } }),
      /OutputDataConfig\.S3OutputPath "\/models" is not an s3:\/\/, gs:\/\/ or file:\/\/ URI/,
    );
    refused(
      trainingRequest({ CheckpointConfig: { S3Uri: 's3://c/p', LocalPath: 'ckpt' } }),
      /CheckpointConfig\.LocalPath "ckpt" must be an absolute path/,
    );
    const noted = readTrainingRequest(
      trainingRequest({
        VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] },
        OutputDataConfig: { S3OutputPath: 's3://m', KmsKeyId: 'k' },
      }),
    );
    assert.deepEqual(noted.notes, [
      'VpcConfig is not applied: the script reaches whatever this machine reaches.',
      'OutputDataConfig.KmsKeyId is not applied: model.tar.gz is not encrypted.',
    ]);
  });
});
