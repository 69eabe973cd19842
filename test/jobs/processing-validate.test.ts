import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JOB_KINDS, type JobKindSpec } from '../../src/jobs/job-kind.js';
import { refusalsOf } from './refusals.js';

const spec = (await JOB_KINDS.processing?.()) as JobKindSpec;

const base = () => ({
  ProcessingJobName: 'prep',
  RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
  AppSpecification: { ImageUri: 'img', ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/p.py'] },
  ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
  ProcessingInputs: [
    {
      InputName: 'raw',
      S3Input: { S3Uri: 's3://b/raw', LocalPath: '/opt/ml/processing/input/raw', S3DataType: 'S3Prefix', S3InputMode: 'File' },
    },
  ],
  ProcessingOutputConfig: {
    Outputs: [
      { OutputName: 'out', S3Output: { S3Uri: 's3://b/out', LocalPath: '/opt/ml/processing/out', S3UploadMode: 'EndOfJob' } },
    ],
  },
});

type Request = ReturnType<typeof base>;

const refused = refusalsOf(spec, base);

describe('CreateProcessingJob is checked as SageMaker checks it', () => {
  test('a well-formed request is kept as sent', () => {
    const r = base();
    assert.equal(spec.validate(r), r);
  });

  test('required members are named when missing', () => {
    refused(
      (r) => delete (r as Partial<Request>).AppSpecification,
      /'appSpecification' failed to satisfy constraint: Member must not be null/,
    );
    refused((r) => delete (r as Partial<Request>).RoleArn, /'roleArn'/);
    refused((r) => ((r.AppSpecification as Record<string, unknown>).ImageUri = undefined), /'appSpecification.imageUri'/);
    refused(
      (r) =>
        delete (r.ProcessingResources.ClusterConfig as Partial<Request['ProcessingResources']['ClusterConfig']>).InstanceType,
      /instanceType/,
    );
  });

  test('a bad job name, instance count or runtime is refused with the value', () => {
    refused((r) => (r.ProcessingJobName = 'bad_name'), /Value 'bad_name' at 'processingJobName'/);
    refused(
      (r) => (r.ProcessingResources.ClusterConfig.InstanceCount = 2),
      /InstanceCount 2: Godwit runs a processing job on one instance/,
    );
    refused((r) => Object.assign(r, { StoppingCondition: { MaxRuntimeInSeconds: 0 } }), /maxRuntimeInSeconds/);
  });

  test('a DatasetDefinition input is refused with the way out', () => {
    refused(
      (r) => (r.ProcessingInputs[0] = { InputName: 'q', DatasetDefinition: { AthenaDatasetDefinition: {} } } as never),
      /ProcessingInputs "q" has a DatasetDefinition .* give its output as S3Input/,
    );
  });

  test('inputs Godwit cannot stage as files are refused, naming the input', () => {
    refused((r) => Object.assign(r.ProcessingInputs[0].S3Input, { S3InputMode: 'Pipe' }), /"raw": S3InputMode Pipe/);
    refused(
      (r) => Object.assign(r.ProcessingInputs[0].S3Input, { S3DataType: 'ManifestFile' }),
      /"raw": S3DataType ManifestFile/,
    );
    refused(
      (r) => Object.assign(r.ProcessingInputs[0].S3Input, { S3CompressionType: 'Gzip' }),
      /"raw": S3CompressionType Gzip needs/,
    );
    refused(
      (r) => Object.assign(r.ProcessingInputs[0].S3Input, { S3Uri: 'http://x/y' }),
      /S3Uri "http:\/\/x\/y" is not an s3:\/\//,
    );
  });

  test('LocalPaths must be under /opt/ml/processing/ and unique; names unique', () => {
    refused(
      (r) => Object.assign(r.ProcessingInputs[0].S3Input, { LocalPath: '/etc/raw' }),
      /LocalPath "\/etc\/raw" must be a folder under/,
    );
    refused(
      (r) => Object.assign(r.ProcessingOutputConfig.Outputs[0].S3Output, { LocalPath: '/opt/ml/processing/input/raw/' }),
      /LocalPath "\/opt\/ml\/processing\/input\/raw" is used twice/,
    );
    refused((r) => r.ProcessingInputs.push(structuredClone(r.ProcessingInputs[0])), /InputName "raw" is used twice/);
  });

  test('outputs need an S3Output with an upload mode; a FeatureStoreOutput is refused', () => {
    refused(
      (r) => delete (r.ProcessingOutputConfig.Outputs[0].S3Output as Partial<{ S3UploadMode: string }>).S3UploadMode,
      /s3UploadMode/,
    );
    refused(
      (r) => (r.ProcessingOutputConfig.Outputs[0] = { OutputName: 'fs', FeatureStoreOutput: { FeatureGroupName: 'g' } } as never),
      /Feature Store/,
    );
  });

  test('Environment and ContainerArguments must be strings', () => {
    refused((r) => Object.assign(r, { Environment: { A: 1 } }), /environment\.A/);
    refused(
      (r) => Object.assign(r.AppSpecification, { ContainerArguments: [1] }),
      /ContainerArguments must be a list of 1 to 256 strings/,
    );
  });
});
