/**
 * A batch transform with SageMaker's job options: mini-batches under a payload limit, several
 * requests per instance, an ID column kept out of the model and joined back to its prediction,
 * and batch data capture with inference ids.
 */
import { pipeline, training, transform } from 'godwit';

const train = training('train', {
  algorithm: 'linear-learner',
  hyperparameters: { predictor_type: 'regressor' },
  inputs: { train: { source: 's3://ml-data/abalone/train/', type: 'dataset' } },
});

const score = transform('score', {
  model: train.output('model'),
  input: 's3://ml-data/abalone/batch/',
  contentType: 'text/csv',
  splitType: 'Line',
  batchStrategy: 'MultiRecord',
  maxPayloadInMB: 2,
  maxConcurrentTransforms: 4,
  accept: 'text/csv',
  assembleWith: 'Line',
  dataProcessing: { inputFilter: '$[1:]', joinSource: 'Input', outputFilter: '$[0,-1]' },
  dataCapture: { destination: 's3://ml-data/capture/score', generateInferenceId: true },
  resources: { instanceType: 'ml.m5.xlarge', instanceCount: 2 },
});

export default pipeline('transform', {
  description: 'Golden case: a batch transform with every CreateTransformJob option Godwit runs.',
  steps: [score],
});
