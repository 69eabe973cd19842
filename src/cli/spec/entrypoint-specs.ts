/**
 * The entry points of Godwit's container image: what a compiled pipeline runs on SageMaker,
 * Vertex AI or Kubeflow for the built-in algorithm, batch transform and model serving.
 */
import { defineVerb } from './command-spec.js';

export const algorithmOptions = {
  channel: {
    type: 'string',
    multiple: true,
    value: 'NAME=PATH',
    summary: 'A channel (train, validation, test): a folder of headerless CSV, label first.',
  },
  'model-dir': { type: 'string', value: 'PATH', summary: 'Where model.json is written.' },
  hyperparameters: { type: 'string', value: 'JSON', summary: 'Hyperparameters as a JSON object.' },
  'hyperparameters-file': {
    type: 'string',
    value: 'PATH',
    summary: 'Hyperparameters from a JSON file (like hyperparameters.json).',
  },
  json: { type: 'boolean', summary: 'Print {"metrics": ..., "modelPath": ...} on stdout; logs go to stderr.' },
} as const;

export const algorithmSpec = defineVerb({
  name: 'algorithm',
  summary: 'Run a built-in algorithm under the SageMaker / Vertex training contract (container entry point)',
  args: [{ name: 'ALGORITHM' }],
  options: algorithmOptions,
  extraFlags: { value: 'NAME=VALUE', summary: 'One hyperparameter, e.g. --wd=0.01 (Vertex AI passes tuning trials this way).' },
  description: `Trains Godwit's built-in linear learner (SageMaker's linear-learner hyperparameters and metrics).
Without --channel and --model-dir it follows the SageMaker / Vertex AI training container contract:
channels from /opt/ml/input/data/<name> (or SM_CHANNEL_<NAME>, AIP_TRAINING_DATA_URI, ...),
hyperparameters from /opt/ml/input/config/hyperparameters.json (or SM_HPS), the model to /opt/ml/model
(or SM_MODEL_DIR, AIP_MODEL_DIR), and a failure reason to /opt/ml/output/failure. GODWIT_ML_ROOT moves /opt/ml.`,
  examples: [
    `godwit algorithm linear-learner --channel train=prep/train --channel validation=prep/validation \\
    --model-dir out/model --hyperparameters '{"predictor_type": "regressor", "wd": 0.01}'`,
  ],
  entryPoint: true,
  load: async () => (await import('../entrypoints/algorithm.js')).algorithm,
});

export const transformOptions = {
  model: {
    type: 'string',
    value: 'PATH|URI',
    summary: 'The model: a folder, a model.tar.gz, or an s3:// / gs:// / file:// URI of either (linear learner, XGBoost, ONNX).',
  },
  input: { type: 'string', value: 'PATH|URI', summary: 'A folder or prefix of input files, or one file.' },
  output: { type: 'string', value: 'PATH|URI', summary: 'Where <file>.out files are written (a folder or prefix).' },
  'content-type': {
    type: 'string',
    value: 'TYPE',
    summary: 'Request type: text/csv (default), application/json, application/jsonlines.',
  },
  accept: { type: 'string', value: 'TYPE', summary: "Response type asked of the model (default: the model's own)." },
  'split-type': { type: 'string', value: 'Line|None', summary: 'Line (default): a record per line; None: a record per file.' },
  'batch-strategy': {
    type: 'string',
    value: 'MultiRecord|SingleRecord',
    summary: 'MultiRecord (default): as many records per request as fit in --max-payload; SingleRecord: one.',
  },
  'max-payload': { type: 'string', value: 'MB', summary: 'Largest request body, 0-100 MB (default 6; 0: no limit).' },
  'max-concurrent-transforms': { type: 'string', value: 'N', summary: 'Requests in flight per instance (default 1).' },
  'instance-count': { type: 'string', value: 'N', summary: 'Model instances (default 1).' },
  'assemble-with': {
    type: 'string',
    value: 'Line|None',
    summary: 'Line (default): each answer ends with a newline; None: answers are concatenated.',
  },
  'input-filter': {
    type: 'string',
    value: 'JSONPATH',
    summary: "What the model sees of each record, e.g. '$[1:]' (DataProcessing.InputFilter).",
  },
  'join-source': { type: 'string', value: 'Input|None', summary: 'Input: write each record beside its prediction.' },
  'output-filter': { type: 'string', value: 'JSONPATH', summary: "What is written of each (joined) record, e.g. '$[0,-1]'." },
  'capture-destination': {
    type: 'string',
    value: 'URI',
    summary: 'Batch data capture: manifests of inputs and outputs under URI/input and URI/output.',
  },
  'generate-inference-id': { type: 'boolean', summary: 'With capture: add an inference id and time to every output record.' },
  json: { type: 'boolean', summary: 'Print {"records": N, "files": [...], ...} on stdout.' },
} as const;

export const transformSpec = defineVerb({
  name: 'transform',
  summary: 'Batch-transform files with a model of any runtime (container entry point)',
  options: transformOptions,
  description: `Scores every record of every input file, writing <file>.out per input file at the same relative path,
as SageMaker's CreateTransformJob does: split types, batch strategies, MaxPayloadInMB, DataProcessing
(InputFilter, JoinSource, OutputFilter as JSONPath), instances x MaxConcurrentTransforms in flight, and
batch data capture. The model's runtime (linear learner, XGBoost, ONNX) is chosen from its files. See docs/transform.md.`,
  examples: [
    'godwit transform --model out/model --input prep/batch --output out/predictions',
    "godwit transform --model model.tar.gz --input s3://ml/batch/ --output s3://ml/scored/ --input-filter '$[1:]' --join-source Input --output-filter '$[0,-1]' --accept text/csv",
  ],
  entryPoint: true,
  load: async () => (await import('../entrypoints/transform.js')).transform,
});

export const serveOptions = {
  'model-dir': {
    type: 'string',
    value: 'DIR',
    summary: 'The model folder (default: SM_MODEL_DIR, else /opt/ml/model under GODWIT_ML_ROOT).',
  },
  port: { type: 'string', value: 'N', summary: 'Port (default: SAGEMAKER_BIND_TO_PORT, AIP_HTTP_PORT, else 8080).' },
  host: { type: 'string', value: 'ADDRESS', summary: 'Interface to bind (default 0.0.0.0, as in a container).' },
} as const;

export const serveSpec = defineVerb({
  name: 'serve',
  summary: 'Serve a model over the SageMaker inference contract: GET /ping, POST /invocations (container entry point)',
  options: serveOptions,
  description: `Serves a Godwit linear-learner model over HTTP: GET /ping, POST /invocations (text/csv or JSON
instances; Accept text/csv, application/json, application/jsonlines). Vertex AI's AIP_HEALTH_ROUTE
and AIP_PREDICT_ROUTE are served too when set. Runs until Ctrl-C or SIGTERM.`,
  examples: [
    'godwit serve --model-dir out/model --port 8080',
    "curl -H 'Content-Type: text/csv' --data-binary @batch.csv localhost:8080/invocations",
  ],
  entryPoint: true,
  load: async () => (await import('../entrypoints/serve.js')).serve,
});
