/** Commands that work on a pipeline file: demo, run, validate, compile, submit, migrate. */
import { defineVerb } from './command-spec.js';

export const RUN_OPTIONS = {
  param: {
    type: 'string',
    short: 'p',
    multiple: true,
    value: 'NAME=VALUE',
    summary: 'Override a pipeline parameter; values are type-checked.',
  },
  resume: {
    type: 'string',
    value: 'RUN_ID',
    summary: 'Finish a failed, stopped or interrupted run; steps that succeeded are not re-run.',
  },
  concurrency: { type: 'string', value: 'N', summary: 'Steps at once (default: the number of CPUs).' },
  interrupt: {
    type: 'string',
    multiple: true,
    value: 'STEP@SECONDS',
    summary:
      'Simulate a spot reclaim: stop STEP\'s process SECONDS into its run (repeat for\nlater launches). A step with spot config restarts from its checkpoints; any\nother fails as "interrupted" and its retry policy decides.',
  },
  as: {
    type: 'string',
    value: 'PRINCIPAL',
    summary:
      "Run as this principal (a name or IAM ARN): recorded as the run's startedBy;\nits sql steps and store access are checked as it.",
  },
  verbose: { type: 'boolean', summary: 'Also print step log lines (non-terminal output only).' },
  json: { type: 'boolean', summary: 'Print the run report as JSON instead of the summary.' },
} as const;

export const demoSpec = defineVerb({
  name: 'demo',
  summary: 'Run the abalone example end to end: preprocess, train, evaluate, register, batch transform',
  options: RUN_OPTIONS,
  description: `Runs examples/abalone/pipeline.ts — the SageMaker Pipelines abalone example, ported — on the
embedded defaults (SQLite metadata, artifacts under .godwit/), with no cloud and no Python.
Takes the same options as "godwit run".`,
  examples: ['godwit demo', 'godwit demo --param mse_threshold=3.0     # watch the fail branch'],
  load: async () => (await import('../commands/demo.js')).demo,
});

export const runSpec = defineVerb({
  name: 'run',
  summary: 'Run a pipeline file (TypeScript, JavaScript, YAML or JSON), or resume a run',
  args: [{ name: 'FILE', optional: true }],
  options: RUN_OPTIONS,
  altUsage: ['godwit run --resume RUN_ID [FILE]'],
  description: `Runs every step of the pipeline on this machine, showing progress, then a summary.
Steps run as soon as their inputs are ready, up to --concurrency at once.
Ctrl-C stops the run cleanly (running steps are ended, the run is marked stopped); resume it later.
Closing the output early (godwit run … | head) does not stop the run.`,
  examples: [
    'godwit run examples/abalone/pipeline.ts --param mse_threshold=5.5',
    'godwit run examples/abalone-sklearn/pipeline.ts --interrupt train@20',
    'godwit run --resume run-20261122-134501-3f9a2c',
    'godwit run examples/abalone/pipeline.ts --as ana',
  ],
  load: async () => (await import('../commands/run.js')).run,
});

export const validateOptions = { json: { type: 'boolean', summary: 'Print {valid, problems} as JSON.' } } as const;

export const validateSpec = defineVerb({
  name: 'validate',
  summary: 'Check a pipeline file and report every problem at once',
  args: [{ name: 'FILE' }],
  options: validateOptions,
  description: `Loads the pipeline and checks it as every run does first: structure, names, references,
types, cycles, condition branches, retry and cache policies. Every problem is listed with its
step and field. Exit code 0 when valid, 2 otherwise.`,
  examples: ['godwit validate examples/abalone/pipeline.ts'],
  load: async () => (await import('../commands/validate.js')).validate,
});

/** Kept equal to `TARGETS` of src/compile (a test checks) so this table imports no compiler. */
export const COMPILE_TARGETS = ['sagemaker', 'kfp', 'stepfunctions'] as const;
/** Kept equal to `SUBMIT_TARGETS` of src/submit (a test checks). */
export const SUBMIT_TARGETS = ['sagemaker', 'vertex', 'kfp'] as const;

export const compileOptions = {
  target: {
    type: 'string',
    short: 't',
    required: true,
    choices: ['ir', ...COMPILE_TARGETS],
    summary: 'What to produce (see Targets).',
  },
  profile: {
    type: 'string',
    value: 'NAME',
    summary: 'Where the pipeline will live in the cloud (default: aws, or gcp for kfp).',
  },
  output: { type: 'string', short: 'o', value: 'OUT', summary: 'Write to this file instead of stdout.' },
  format: { type: 'string', choices: ['json', 'yaml'], summary: 'For --target ir: JSON (default) or YAML.' },
} as const;

export const compileSpec = defineVerb({
  name: 'compile',
  summary: 'Print the pipeline IR, or compile it for SageMaker Pipelines, Kubeflow/Vertex or Step Functions',
  args: [{ name: 'FILE' }],
  options: compileOptions,
  description: `Targets:
  ir              The validated pipeline IR as JSON (--format yaml for YAML).
  sagemaker       SageMaker Pipelines definition JSON (what CreatePipeline takes).
  kfp             Kubeflow Pipelines v2 / Vertex AI PipelineSpec YAML.
  stepfunctions   Amazon States Language JSON using SageMaker service integrations.

A profile says where the pipeline will live in the cloud: artifact root, role, images, region.
Built-in profiles: aws (default for sagemaker, stepfunctions) and gcp (default for kfp); define
your own in godwit.profiles.yaml. Local files the compiled pipeline needs (code, input data) are
listed with the URI each must be uploaded to; with --target stepfunctions -o FILE.asl.json the
list is also written as FILE.asl.uploads.json, which godwit workflows run uploads from.`,
  examples: [
    'godwit compile examples/abalone/pipeline.ts --target ir',
    'godwit compile examples/abalone/pipeline.ts --target sagemaker -o abalone.sagemaker.json',
    'godwit compile examples/abalone/pipeline.ts --target kfp --profile my-gcp',
  ],
  load: async () => (await import('../commands/compile.js')).compile,
});
