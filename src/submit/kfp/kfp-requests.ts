/**
 * The Kubeflow Pipelines REST API (v2beta1) calls of a submission:
 *
 * 1. `GET /apis/v2beta1/pipelines/names/<name>` — does the pipeline exist?
 * 2. new: `POST /apis/v2beta1/pipelines/upload?name=…` (multipart, field `uploadfile`) creates
 *    the pipeline and its first version, then `GET …/pipelines/<id>/versions` finds that version;
 *    existing: `POST /apis/v2beta1/pipelines/upload_version?pipelineid=<id>&name=<name>-<digest>`
 *    adds a version named after the YAML's digest (a 409 means that exact YAML is already a
 *    version, which is then reused);
 * 3. `POST /apis/v2beta1/runs` with `pipeline_version_reference` and `runtime_config.parameters`.
 */
import { createHash } from 'node:crypto';
import { toKfpYaml } from '../../compile/kfp/kfp-compiler.js';
import { GodwitError } from '../../core/errors.js';
import type { PlannedRequest, SubmitContext } from '../submit-target.js';

export const KFP_API = '/apis/v2beta1';

export interface KfpUpload {
  readonly yaml: string;
  /** The version name for an existing pipeline: `<name>-<first 12 hex digits of the YAML's SHA-256>`. */
  readonly versionName: string;
}

export function kfpBase(ctx: SubmitContext): string {
  if (!ctx.endpoint) {
    throw new GodwitError('E_SUBMIT_PROFILE', 'Submitting to Kubeflow Pipelines needs the address of its API server.', {
      hint: 'Give it with --endpoint http://ml-pipeline-ui.kubeflow:80 (or a port-forward such as http://127.0.0.1:8080), or set GODWIT_KFP_ENDPOINT.',
    });
  }
  return ctx.endpoint.replace(/\/+$/, '');
}

export function kfpUpload(ctx: SubmitContext): KfpUpload {
  const yaml = toKfpYaml(ctx.compiled.document);
  const digest = createHash('sha256').update(yaml).digest('hex').slice(0, 12);
  return { yaml, versionName: `${ctx.pipelineName}-${digest}` };
}

export function kfpHeaders(ctx: SubmitContext, json: boolean): Record<string, string> {
  return {
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    ...(ctx.auth.kfpToken ? { Authorization: `Bearer ${ctx.auth.kfpToken}` } : {}),
  };
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const kfpUrls = {
  byName: (ctx: SubmitContext) =>
    `${kfpBase(ctx)}${KFP_API}/pipelines/names/${encodeURIComponent(ctx.pipelineName)}${query({ namespace: ctx.namespace })}`,
  upload: (ctx: SubmitContext) =>
    `${kfpBase(ctx)}${KFP_API}/pipelines/upload${query({ name: ctx.pipelineName, display_name: ctx.pipelineName, description: ctx.ir.description, namespace: ctx.namespace })}`,
  uploadVersion: (ctx: SubmitContext, pipelineId: string, version: string) =>
    `${kfpBase(ctx)}${KFP_API}/pipelines/upload_version${query({ pipelineid: pipelineId, name: version, display_name: version })}`,
  versions: (ctx: SubmitContext, pipelineId: string) =>
    `${kfpBase(ctx)}${KFP_API}/pipelines/${encodeURIComponent(pipelineId)}/versions${query({ page_size: '100', sort_by: 'created_at desc' })}`,
  runs: (ctx: SubmitContext) => `${kfpBase(ctx)}${KFP_API}/runs`,
};

export function kfpRunBody(ctx: SubmitContext, pipelineId: string, versionId: string): object {
  return {
    display_name: `${ctx.pipelineName} (godwit submit)`,
    pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId },
    runtime_config: { parameters: { ...ctx.parameters } },
  };
}

export function kfpPlan(ctx: SubmitContext): PlannedRequest[] {
  const upload = kfpUpload(ctx);
  const file = { filename: `${ctx.pipelineName}.yaml`, contentType: 'application/x-yaml', content: upload.yaml };
  const request = (operation: string, method: 'GET' | 'POST', url: string, body?: unknown, when?: string): PlannedRequest => ({
    service: 'Kubeflow Pipelines',
    operation,
    method,
    // Placeholders for ids the service hands out, shown as such rather than URL-encoded.
    url: url.replace(/%3C(\w+)%3E/g, '<$1>'),
    headers: kfpHeaders(ctx, method === 'POST' && operation === 'CreateRun'),
    ...(body === undefined ? {} : { body }),
    ...(when ? { when } : {}),
  });
  return [
    request('GetPipelineByName', 'GET', kfpUrls.byName(ctx)),
    request('UploadPipeline', 'POST', kfpUrls.upload(ctx), { uploadfile: file }, 'if the pipeline does not exist (404)'),
    request(
      'ListPipelineVersions',
      'GET',
      kfpUrls.versions(ctx, '<pipeline_id>'),
      undefined,
      'after UploadPipeline, to find its first version',
    ),
    request(
      'UploadPipelineVersion',
      'POST',
      kfpUrls.uploadVersion(ctx, '<pipeline_id>', upload.versionName),
      { uploadfile: file },
      'if the pipeline exists (a 409 reuses the version of the same YAML)',
    ),
    request('CreateRun', 'POST', kfpUrls.runs(ctx), kfpRunBody(ctx, '<pipeline_id>', '<pipeline_version_id>')),
  ];
}
