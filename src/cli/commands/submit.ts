import { dirname } from 'node:path';
import { resolveProfile } from '../../compile/profile-file.js';
import { filesBeside } from '../../compile/read-text.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { uploadLines } from '../../submit/dry-run.js';
import {
  DEFAULT_SUBMIT_PROFILE,
  formatPlan,
  planSubmission,
  prepareSubmission,
  type SubmitTarget,
  submitPipeline,
} from '../../submit/index.js';
import { EXIT, json, write, writeWarnings } from '../cli-io.js';
import type { submitOptions } from '../spec/cloud-specs.js';
import type { Handler } from '../spec/command-spec.js';

export const submit: Handler<typeof submitOptions> = {
  async run({ values, positionals, io }) {
    const target = values.target as SubmitTarget;
    const loaded = await loadPipelineFile(positionals[0]);
    const profile = await resolveProfile(values.profile ?? DEFAULT_SUBMIT_PROFILE[target], io.cwd, io.env);
    const endpoint = values.endpoint ?? (target === 'kfp' ? io.env.GODWIT_KFP_ENDPOINT : undefined);
    const ctx = prepareSubmission(loaded.ir, target, profile, {
      params: values.param ?? [],
      endpoint,
      name: values.name,
      namespace: io.env.GODWIT_KFP_NAMESPACE,
      auth: { googleAccessToken: io.env.GODWIT_GCP_ACCESS_TOKEN, kfpToken: io.env.GODWIT_KFP_TOKEN },
      compile: filesBeside(dirname(loaded.file)),
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
