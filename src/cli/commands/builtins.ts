import { runAlgorithmCommand, runTransformCommand } from '../../ml/algorithm-cli.js';
import { runServeCommand } from '../../serving/model-server.js';
import type { Command } from '../cli-io.js';

/**
 * Entry points of Godwit's container image: what a compiled pipeline runs on SageMaker, Vertex or
 * Kubeflow for the built-in algorithm, batch transform and model serving.
 */
export const algorithmCommand: Command = {
  name: 'algorithm',
  summary: 'Run a built-in algorithm under the SageMaker / Vertex training contract (container entry point)',
  usage: 'godwit algorithm linear-learner [--channel name=PATH]... [--model-dir PATH] [--hyperparameters JSON]',
  help: `With no flags it follows the SageMaker training container contract: channels from
/opt/ml/input/data/, hyperparameters from /opt/ml/input/config/hyperparameters.json, the model
to /opt/ml/model (SM_* and AIP_* variables are honoured).

Example:
  godwit algorithm linear-learner --channel train=data/train --model-dir out/model --hyperparameters '{"predictor_type":"regressor"}'`,
  run: (args) => runAlgorithmCommand(args),
};

export const transformCommand: Command = {
  name: 'transform',
  summary: 'Batch-transform CSV files with a model (container entry point)',
  usage: 'godwit transform --model DIR --input DIR --output DIR [--content-type text/csv]',
  help: `Writes FILE.out in the output folder for every input FILE, one prediction per line.

Example:
  godwit transform --model out/model --input data/batch --output out/predictions`,
  run: (args) => runTransformCommand(args),
};

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve a model over the SageMaker inference contract: GET /ping, POST /invocations (container entry point)',
  usage: 'godwit serve [--model-dir DIR] [--port 8080]',
  help: `Defaults to /opt/ml/model and port 8080, as SageMaker starts a serving container.

Example:
  godwit serve --model-dir out/model --port 8080`,
  run: (args) => runServeCommand(args),
};
