import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { IR_API_VERSION, type PipelineIR } from '../../src/pipeline/ir.js';
import { validatePipeline } from '../../src/pipeline/validate.js';

const ir = (channel: unknown): PipelineIR =>
  ({
    apiVersion: IR_API_VERSION,
    kind: 'Pipeline',
    name: 'channels',
    parameters: [],
    steps: [
      {
        name: 'fit',
        type: 'training',
        algorithm: { name: 'linear-learner' },
        inputs: [{ name: 'train', source: 's3://b/train/', channel }],
        outputs: [{ name: 'model', type: 'model' }],
      },
    ],
  }) as PipelineIR;

describe("a training input's channel settings (InputSpec.channel)", () => {
  test('the SageMaker compiler writes them in the channel of InputDataConfig', () => {
    const doc = compile(
      ir({
        contentType: 'application/x-parquet',
        distribution: 'ShardedByS3Key',
        recordWrapper: 'RecordIO',
        inputMode: 'FastFile',
      }),
      'sagemaker',
      BUILTIN_PROFILES.aws,
    ).document as { Steps: { Arguments: { InputDataConfig: unknown[] } }[] };
    assert.deepEqual(doc.Steps[0].Arguments.InputDataConfig, [
      {
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/train/', S3DataDistributionType: 'ShardedByS3Key' },
        },
        ContentType: 'application/x-parquet',
        RecordWrapperType: 'RecordIO',
        InputMode: 'FastFile',
        ChannelName: 'train',
      },
    ]);
  });

  test('the schema refuses a setting SageMaker does not have', () => {
    const problems = validatePipeline(ir({ inputMode: 'Pipe' }));
    assert.ok(
      problems.some((p) => p.step === 'fit' && /inputMode/.test(`${p.field} ${p.message}`)),
      JSON.stringify(problems),
    );
  });
});
