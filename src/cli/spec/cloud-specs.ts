/** Commands that take a pipeline to a cloud: submit, migrate. */
import { defineVerb } from './command-spec.js';
import { SUBMIT_TARGETS } from './pipeline-specs.js';

export const submitOptions = {
  target: { type: 'string', short: 't', required: true, choices: SUBMIT_TARGETS, summary: 'Where to send it.' },
  profile: { type: 'string', value: 'NAME', summary: 'Account, region, role and images (default: aws, or gcp for vertex).' },
  param: {
    type: 'string',
    short: 'p',
    multiple: true,
    value: 'NAME=VALUE',
    summary: 'A run parameter; the others keep their defaults.',
  },
  'dry-run': { type: 'boolean', summary: 'Print the exact requests (method, URL, headers, body) and send nothing.' },
  endpoint: {
    type: 'string',
    value: 'URL',
    summary: 'Another service address (a VPC endpoint, a local test server; required for kfp).',
  },
  'endpoint-url': {
    type: 'string',
    value: 'URL',
    summary: "Same as --endpoint (the AWS CLI's name): http://127.0.0.1:4600 runs it on a Godwit server.",
  },
  name: { type: 'string', value: 'NAME', summary: "The pipeline's name in the cloud (default: the pipeline's own name)." },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const submitSpec = defineVerb({
  name: 'submit',
  summary: 'Create or update the pipeline in SageMaker, Vertex AI or Kubeflow Pipelines and start a run',
  args: [{ name: 'FILE' }],
  options: submitOptions,
  description: `Compiles the pipeline (sagemaker: SageMaker Pipelines definition; vertex and kfp: KFP
PipelineSpec) and sends it:
  sagemaker   DescribePipeline, then CreatePipeline or UpdatePipeline, then StartPipelineExecution
              (@aws-sdk/client-sagemaker; credentials from the AWS default chain, region and role
              from the profile).
  vertex      PipelineService.CreatePipelineJob (@google-cloud/aiplatform; Application Default
              Credentials, or an access token in GODWIT_GCP_ACCESS_TOKEN; project, region and
              service account from the profile).
  kfp         The KFP REST API v2beta1: upload the pipeline (or a new version), then create a run.
              The API address comes from --endpoint or GODWIT_KFP_ENDPOINT; GODWIT_KFP_TOKEN and
              GODWIT_KFP_NAMESPACE for secured and multi-user clusters.

Local files the compiled pipeline needs (code, input data) are listed with the URI each must be
copied to. With --endpoint (or --endpoint-url) at a Godwit server on this machine (127.0.0.1,
localhost; it answers SageMaker and S3 on one port), sagemaker uploads them there first, making
buckets as needed, and uses the server's local credentials when the environment has none; the
pipeline then runs on that server (docs/pipelines-api.md).`,
  examples: [
    'godwit submit examples/abalone/pipeline.ts --target sagemaker --dry-run',
    'godwit submit examples/abalone/pipeline.ts --target sagemaker --param mse_threshold=5.5',
    'godwit submit examples/abalone/pipeline.ts --target vertex --profile my-gcp',
    'godwit submit examples/abalone/pipeline.ts --target kfp --endpoint http://127.0.0.1:8080',
    'godwit submit examples/abalone/pipeline.ts --target sagemaker --endpoint-url http://127.0.0.1:4600',
  ],
  load: async () => (await import('../commands/submit.js')).submit,
});

export const migrateOptions = {
  // Checked by the command (not `choices`) so the message can say what a cloud is here.
  from: { type: 'string', required: true, value: 'aws|gcp', summary: 'The cloud the pipeline is written for.' },
  to: { type: 'string', required: true, value: 'gcp|aws', summary: 'The cloud to move it to.' },
  output: {
    type: 'string',
    short: 'o',
    value: 'OUT_DIR',
    summary: 'Where to write (default: a "migrated" folder beside the pipeline).',
  },
  'bucket-map': {
    type: 'string',
    multiple: true,
    value: 'SRC=DST',
    summary: 'A bucket prefix pair, e.g. s3://acme-raw=gs://acme-raw-eu.',
  },
  'from-profile': { type: 'string', value: 'NAME', summary: 'Profile of the source cloud (default: aws or gcp, as --from).' },
  'to-profile': { type: 'string', value: 'NAME', summary: 'Profile of the target cloud (default: as --to).' },
  'redshift-role': {
    type: 'string',
    value: 'ARN',
    summary: 'IAM_ROLE for COPY / UNLOAD in SQL translated to Redshift (default: default).',
  },
  json: { type: 'boolean', summary: 'Print the files and the report as JSON.' },
} as const;

export const migrateSpec = defineVerb({
  name: 'migrate',
  summary: "Rewrite a pipeline's cloud bindings from AWS to GCP or back, with a component-mapping report",
  args: [{ name: 'FILE' }],
  options: migrateOptions,
  description: `Writes into OUT_DIR:
  <name>.<cloud>.yaml   the migrated pipeline as YAML IR (runnable with godwit run, compilable)
  <name>.<cloud>.md     every step: what it was, what it became, what needs a human decision
  *.bigquery.sql        translated copies of the SQL files steps run (or *.redshift.sql back)

What it rewrites: s3:// ↔ gs:// prefixes (from --bucket-map pairs and the two profiles'
artifact roots), the container contract (SageMaker ↔ Vertex, process.contract), instance types ↔
machine types (the profiles' machineTypes, then a built-in table), framework images ↔ Vertex AI
prebuilt containers, Redshift SQL ↔ BigQuery SQL (COPY ↔ LOAD DATA, UNLOAD ↔ EXPORT DATA, CREATE
TABLE, functions and types). Names, references, conditions and algorithms stay as they are.`,
  examples: [
    'godwit migrate examples/abalone/pipeline.ts --from aws --to gcp',
    'godwit migrate pipeline.ts --from aws --to gcp --bucket-map s3://acme-raw=gs://acme-raw -o gcp/',
    'godwit migrate gcp/pipeline.gcp.yaml --from gcp --to aws',
  ],
  load: async () => (await import('../commands/migrate.js')).migrate,
});
