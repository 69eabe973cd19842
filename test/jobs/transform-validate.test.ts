import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JOB_KINDS, type JobKindSpec } from '../../src/jobs/job-kind.js';
import { refusalsOf } from './refusals.js';

const spec = (await JOB_KINDS.transform?.()) as JobKindSpec;

const base = () => ({
  TransformJobName: 'batch',
  ModelName: 'model-1',
  TransformInput: {
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/in/' } },
    ContentType: 'text/csv',
  } as Record<string, unknown>,
  TransformOutput: { S3OutputPath: 's3://b/out/' } as Record<string, unknown>,
  TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
});

type Request = ReturnType<typeof base>;

const refused = refusalsOf(spec, base);

describe('CreateTransformJob is checked as SageMaker checks it', () => {
  test('a well-formed request is kept as sent', () => {
    const r = base();
    assert.equal(spec.validate(r), r);
  });

  test('required members are named when missing', () => {
    refused((r) => delete (r as Partial<Request>).ModelName, /'modelName' failed to satisfy constraint: Member must not be null/);
    refused((r) => delete (r as Partial<Request>).TransformResources, /'transformResources'/);
    refused((r) => delete r.TransformOutput.S3OutputPath, /'transformOutput.s3OutputPath'/);
    refused((r) => delete r.TransformInput.DataSource, /'transformInput.dataSource'/);
  });

  test("enums and ranges are SageMaker's", () => {
    refused((r) => Object.assign(r, { BatchStrategy: 'Whole' }), /batchStrategy.*enum value set: \[MultiRecord, SingleRecord\]/);
    refused((r) => Object.assign(r, { MaxPayloadInMB: 101 }), /maxPayloadInMB.*less than or equal to 100/);
    refused((r) => Object.assign(r.TransformOutput, { AssembleWith: 'Json' }), /assembleWith/);
    refused((r) => (r.TransformResources.InstanceCount = 0), /instanceCount.*greater than or equal to 1/);
  });

  test('inputs the transform cannot read are refused with the way out', () => {
    refused((r) => Object.assign(r.TransformInput, { CompressionType: 'Gzip' }), /Gzip is not supported locally/);
    refused((r) => Object.assign(r.TransformInput, { SplitType: 'RecordIO' }), /SplitType RecordIO is not supported locally/);
    refused(
      (r) => (r.TransformInput.DataSource = { S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://b/m' } }),
      /S3DataType ManifestFile is not supported locally/,
    );
    refused((r) => (r.TransformOutput.S3OutputPath = '/tmp/out'), /S3OutputPath "\/tmp\/out" is not an s3:\/\//);
  });

  test("batch transform's own rules: filters parse, a join needs Line records", () => {
    refused(
      (r) => Object.assign(r, { DataProcessing: { InputFilter: '$..x' } }),
      /DataProcessing.InputFilter "\$\.\.x" is not a JSONPath/,
    );
    refused(
      (r) =>
        Object.assign(r, { DataProcessing: { JoinSource: 'Input' }, TransformInput: { ...r.TransformInput, SplitType: 'None' } }),
      /JoinSource "Input" .* needs SplitType "Line"/,
    );
  });

  test('Environment is a map of strings', () => {
    refused((r) => Object.assign(r, { Environment: { A: 1 } }), /environment\.A/);
  });
});
