/** Small SageMaker definitions for the importer's tests, in the SDK's shapes. */
import assert from 'node:assert/strict';
import { GodwitError } from '../../src/core/errors.js';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';

export const IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';

export function definition(steps: unknown[], parameters: unknown[] = []) {
  return { Version: '2020-12-01', Metadata: {}, Parameters: parameters, Steps: steps };
}

export function processing(name: string, extra: Record<string, unknown> = {}, args: Record<string, unknown> = {}) {
  return {
    Name: name,
    Type: 'Processing',
    Arguments: {
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
      AppSpecification: { ImageUri: IMAGE, ContainerEntrypoint: ['python3', '-c', 'print(1)'] },
      ProcessingOutputConfig: {
        Outputs: [
          {
            OutputName: 'out',
            S3Output: { S3Uri: 's3://b/out', LocalPath: '/opt/ml/processing/output/out', S3UploadMode: 'EndOfJob' },
          },
        ],
      },
      ...args,
    },
    ...extra,
  };
}

export function training(name: string, extra: Record<string, unknown> = {}) {
  return {
    Name: name,
    Type: 'Training',
    Arguments: {
      AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File', ContainerEntrypoint: ['python3', 'train.py'] },
      InputDataConfig: [
        {
          ChannelName: 'train',
          DataSource: {
            S3DataSource: {
              S3Uri: { Get: "Steps.prep.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri" },
              S3DataType: 'S3Prefix',
            },
          },
        },
      ],
      HyperParameters: {
        eta: '0.2',
        deep: 'True',
        name: 'abc',
        rounds: { 'Std:Join': { On: '', Values: [{ Get: 'Parameters.Rounds' }] } },
      },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
    },
    ...extra,
  };
}

export async function importError(def: unknown): Promise<GodwitError> {
  try {
    await importSageMakerDefinition(def);
  } catch (err) {
    assert.ok(err instanceof GodwitError, String(err));
    return err;
  }
  assert.fail('the import succeeded');
}
