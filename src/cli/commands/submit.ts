import { dirname } from 'node:path';
import { resolveProfile } from '../../compile/profile-file.js';
import { filesBeside } from '../../compile/read-text.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { localS3Credentials } from '../../server/aws/s3/s3-endpoint.js';
import { isGodwitServer } from '../../server/client.js';
import { uploadLines } from '../../submit/dry-run.js';
import {
  DEFAULT_SUBMIT_PROFILE,
  formatPlan,
  planSubmission,
  prepareSubmission,
  type SubmitTarget,
  submitPipeline,
} from '../../submit/index.js';
import { EXIT, homeOf, json, write, writeWarnings } from '../cli-io.js';
import type { submitOptions } from '../spec/cloud-specs.js';
import type { Handler } from '../spec/command-spec.js';

export const submit: Handler<typeof submitOptions> = {
  async run({ values, positionals, io }) {
    const target = values.target as SubmitTarget;
    const loaded = await loadPipelineFile(positionals[0]);
    const profile = await resolveProfile(values.profile ?? DEFAULT_SUBMIT_PROFILE[target], io.cwd, io.env);
    const endpoint = values.endpoint ?? values['endpoint-url'] ?? (target === 'kfp' ? io.env.GODWIT_KFP_ENDPOINT : undefined);
    const local =
      target === 'sagemaker' ? await localCloud(endpoint, dirname(loaded.file), profile.region, io.env, homeOf(io).root) : {};
    const ctx = prepareSubmission(loaded.ir, target, profile, {
      params: values.param ?? [],
      endpoint,
      name: values.name,
      namespace: io.env.GODWIT_KFP_NAMESPACE,
      auth: { googleAccessToken: io.env.GODWIT_GCP_ACCESS_TOKEN, kfpToken: io.env.GODWIT_KFP_TOKEN, ...local.auth },
      compile: filesBeside(dirname(loaded.file)),
      uploadTo: local.uploadTo,
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
    if (uploads.length > 0 && !ctx.uploadTo) write(io.stderr, `\n${uploadLines(uploads).join('\n')}`);
    return EXIT.ok;
  },
};

/**
 * A Godwit server on this machine is a local cloud (it answers SageMaker and S3 on one port): the
 * pipeline's files are uploaded through it, and without AWS credentials in the environment the
 * home's local S3 key is used (its secret derived from the home's secrets key). Any other endpoint (a VPC endpoint, another local stand-in) serves
 * SageMaker alone, and gets nothing of this.
 */
async function localCloud(
  endpoint: string | undefined,
  baseDir: string,
  region: string | undefined,
  env: NodeJS.ProcessEnv,
  homeRoot: string,
) {
  const host = endpoint && URL.canParse(endpoint) ? new URL(endpoint).hostname : undefined;
  if (!endpoint || !host || !['127.0.0.1', 'localhost', '[::1]'].includes(host)) return {};
  if (!(await isGodwitServer(endpoint))) return {};
  const hasKeys = env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_PROFILE !== undefined;
  const aws = hasKeys ? undefined : await localS3Credentials(homeRoot);
  const keys = aws ? { AWS_ACCESS_KEY_ID: aws.accessKeyId, AWS_SECRET_ACCESS_KEY: aws.secretAccessKey } : {};
  return {
    auth: aws ? { aws } : {},
    uploadTo: { baseDir, store: { s3: { endpoint, region, forcePathStyle: true }, env: { ...env, ...keys } } },
  };
}
