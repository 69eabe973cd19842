import { resolveProfile } from '../../compile/profile-file.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { uploadLines } from '../../submit/dry-run.js';
import {
  DEFAULT_SUBMIT_PROFILE,
  formatPlan,
  planSubmission,
  prepareSubmission,
  SUBMIT_TARGETS,
  type SubmitTarget,
  submitPipeline,
} from '../../submit/index.js';
import { type Command, EXIT, json, parseCommandArgs, UsageError, write, writeWarnings } from '../cli-io.js';

const USAGE = `godwit submit FILE --target ${SUBMIT_TARGETS.join('|')} [--profile NAME] [--param k=v]... [--dry-run] [--endpoint URL] [--name NAME] [--json]`;

export const submitCommand: Command = {
  name: 'submit',
  summary: 'Create or update the pipeline in SageMaker, Vertex AI or Kubeflow Pipelines and start a run',
  usage: USAGE,
  help: `Compiles the pipeline (sagemaker: SageMaker Pipelines definition; vertex and kfp: KFP
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

Options:
  --param k=v     A run parameter (repeatable); the others keep their defaults.
  --dry-run       Print the exact requests (method, URL, headers, body) and send nothing.
  --endpoint URL  Another service address (a VPC endpoint, a local test server; required for kfp).
  --name NAME     The pipeline's name in the cloud (default: the pipeline's own name).
  --json          Machine-readable output.

Local files the compiled pipeline needs (code, input data) are listed with the URI each must be
copied to; Godwit does not upload them yet (the S3 and GCS stores come in a later release).

Examples:
  godwit submit examples/abalone/pipeline.ts --target sagemaker --dry-run
  godwit submit examples/abalone/pipeline.ts --target sagemaker --param mse_threshold=5.5
  godwit submit examples/abalone/pipeline.ts --target vertex --profile my-gcp
  godwit submit examples/abalone/pipeline.ts --target kfp --endpoint http://127.0.0.1:8080`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
    if (positionals.length !== 1) throw new UsageError('Name one pipeline file.', USAGE);
    const target = values.target as SubmitTarget | undefined;
    if (!target) throw new UsageError('Choose a --target.', USAGE);
    if (!SUBMIT_TARGETS.includes(target)) throw new UsageError(`Unknown target "${target}".`, USAGE);
    const loaded = await loadPipelineFile(positionals[0]);
    const profile = await resolveProfile(values.profile ?? DEFAULT_SUBMIT_PROFILE[target], io.cwd);
    const endpoint = values.endpoint ?? (target === 'kfp' ? io.env.GODWIT_KFP_ENDPOINT : undefined);
    const ctx = prepareSubmission(loaded.ir, target, profile, {
      params: values.param ?? [],
      endpoint,
      name: values.name,
      namespace: io.env.GODWIT_KFP_NAMESPACE,
      auth: { googleAccessToken: io.env.GODWIT_GCP_ACCESS_TOKEN, kfpToken: io.env.GODWIT_KFP_TOKEN },
    });
    const uploads = ctx.compiled.uploads;
    const warnings = ctx.compiled.warnings;
    if (!values.json) writeWarnings(io, warnings);
    if (values['dry-run']) {
      const requests = planSubmission(ctx);
      if (values.json) json(io, { dryRun: true, target, profile: profile.name, requests, uploads, warnings });
      else io.stdout.write(formatPlan(requests, uploads));
      return EXIT.ok;
    }
    const outcome = await submitPipeline(ctx);
    if (values.json) {
      json(io, { ...outcome, uploads, warnings });
      return EXIT.ok;
    }
    const what = { created: 'Created', updated: 'Updated', reused: 'Reused the identical version of' }[outcome.action];
    write(io.stdout, `${what} pipeline "${outcome.pipeline}" on ${target} and started ${outcome.execution}.`);
    if (outcome.consoleUrl) write(io.stdout, `Watch it: ${outcome.consoleUrl}`);
    if (uploads.length > 0) write(io.stderr, `\n${uploadLines(uploads).join('\n')}`);
    return EXIT.ok;
  },
};

const OPTIONS = {
  target: { type: 'string', short: 't' },
  profile: { type: 'string' },
  param: { type: 'string', multiple: true, short: 'p' },
  'dry-run': { type: 'boolean' },
  endpoint: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
} as const;
