/**
 * Submits to a Kubeflow Pipelines cluster over its REST API with fetch (there is no official
 * Node client). See kfp-requests.ts for the calls.
 */
import { networkHint, submitError } from '../submit-errors.js';
import type { SubmitContext, SubmitOutcome, Submitter } from '../submit-target.js';
import { kfpHeaders, kfpRunBody, kfpUpload, kfpUrls } from './kfp-requests.js';

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

class KfpClient {
  readonly sent: { operation: string; url: string }[] = [];

  constructor(private readonly ctx: SubmitContext) {}

  async call(
    operation: string,
    url: string,
    init: { method: 'GET' | 'POST'; body?: BodyInit; json?: boolean },
    accept: number[] = [],
  ): Promise<Answer> {
    this.sent.push({ operation, url });
    let response: Response;
    try {
      response = await fetch(url, { method: init.method, body: init.body, headers: kfpHeaders(this.ctx, init.json ?? false) });
    } catch (err) {
      throw submitError(
        'kfp',
        operation,
        this.ctx.pipelineName,
        `could not reach ${url}: ${(err as Error).message}`,
        networkHint(err, url) ?? networkHint((err as { cause?: unknown }).cause, url),
        err,
      );
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok || accept.includes(response.status)) return { status: response.status, json };
    const message = String(json.message ?? json.error_message ?? json.error ?? (text.trim() || response.statusText));
    const hint =
      response.status === 401 || response.status === 403
        ? 'Give a token for the KFP API in GODWIT_KFP_TOKEN (and the namespace in GODWIT_KFP_NAMESPACE on a multi-user cluster).'
        : undefined;
    throw submitError('kfp', operation, this.ctx.pipelineName, `HTTP ${response.status}: ${message}`, hint);
  }
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

function form(name: string, yaml: string): FormData {
  const data = new FormData();
  data.append('uploadfile', new Blob([yaml], { type: 'application/x-yaml' }), `${name}.yaml`);
  return data;
}

type Version = { pipeline_version_id?: string; name?: string; display_name?: string };

export const kfpSubmitter: Submitter = {
  async submit(ctx: SubmitContext): Promise<SubmitOutcome> {
    const client = new KfpClient(ctx);
    const upload = kfpUpload(ctx);
    const found = await client.call('GetPipelineByName', kfpUrls.byName(ctx), { method: 'GET' }, [404]);
    let pipelineId: string;
    let versionId: string | undefined;
    let action: SubmitOutcome['action'];
    if (found.status === 404) {
      const created = await client.call('UploadPipeline', kfpUrls.upload(ctx), {
        method: 'POST',
        body: form(ctx.pipelineName, upload.yaml),
      });
      pipelineId = String(created.json.pipeline_id ?? '');
      const versions = await client.call('ListPipelineVersions', kfpUrls.versions(ctx, pipelineId), { method: 'GET' });
      versionId = ((versions.json.pipeline_versions as Version[] | undefined) ?? [])[0]?.pipeline_version_id;
      action = 'created';
    } else {
      pipelineId = String(found.json.pipeline_id ?? '');
      const added = await client.call(
        'UploadPipelineVersion',
        kfpUrls.uploadVersion(ctx, pipelineId, upload.versionName),
        { method: 'POST', body: form(upload.versionName, upload.yaml) },
        [409],
      );
      action = added.status === 409 ? 'reused' : 'updated';
      if (added.status !== 409) versionId = added.json.pipeline_version_id as string | undefined;
      else {
        const versions = await client.call('ListPipelineVersions', kfpUrls.versions(ctx, pipelineId), { method: 'GET' });
        const list = (versions.json.pipeline_versions as Version[] | undefined) ?? [];
        versionId = list.find((v) => v.name === upload.versionName || v.display_name === upload.versionName)?.pipeline_version_id;
      }
    }
    if (!pipelineId || !versionId) {
      throw submitError(
        'kfp',
        'CreateRun',
        ctx.pipelineName,
        `the API did not say which pipeline version to run (pipeline ${pipelineId || '?'}, version ${versionId ?? '?'})`,
      );
    }
    const run = await client.call('CreateRun', kfpUrls.runs(ctx), {
      method: 'POST',
      body: JSON.stringify(kfpRunBody(ctx, pipelineId, versionId)),
      json: true,
    });
    const runId = String(run.json.run_id ?? '(no run id returned)');
    return {
      target: 'kfp',
      pipeline: ctx.pipelineName,
      action,
      execution: runId,
      consoleUrl: `${ctx.endpoint?.replace(/\/+$/, '')}/#/runs/details/${runId}`,
      sent: client.sent,
    };
  },
};
