/**
 * A training script written for Vertex AI's custom-training contract (`AIP_*` variables, model
 * written to `AIP_MODEL_DIR`). KFP runs it as Vertex would; the AWS targets refuse it with the
 * way out, since a SageMaker training job has no such contract.
 */
import { param, pipeline, processing, training } from 'godwit';

const data = param.string('input_data', 'gs://godwit-examples/vertex/data.csv');
const learningRate = param.float('learning_rate', 0.05);

const prep = processing('prep', {
  command: ['python3'],
  code: 'steps/prep.py',
  inputs: { raw: data },
  outputs: { train: 'dataset' },
});
const train = training('train', {
  process: { command: ['python3'], code: 'steps/train_vertex.py', contract: 'vertex' },
  hyperparameters: { learning_rate: learningRate, epochs: 10 },
  inputs: { train: prep.output('train') },
  resources: { instanceType: 'ml.m5.xlarge' },
});

export default pipeline('vertex-contract', {
  description: 'Golden case: a training step under the Vertex AI contract.',
  parameters: [data, learningRate],
  steps: [train],
});
