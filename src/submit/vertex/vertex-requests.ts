/**
 * The Vertex AI call of a submission: `PipelineService.CreatePipelineJob`, as its REST form
 * `POST https://<region>-aiplatform.googleapis.com/v1/projects/<project>/locations/<region>/pipelineJobs`
 * with the PipelineJob as the body. Vertex AI has no separate "create pipeline": each job carries
 * its PipelineSpec, so resubmitting a changed pipeline needs no update call.
 *
 * ```ts
 * vertexJob(ctx)
 * // { labels: {}, displayName: 'abalone', pipelineSpec: {…}, runtimeConfig: { parameters: {},
 * //   parameterValues: { mse_threshold: 5.5 }, inputArtifacts: {}, gcsOutputDirectory: 'gs://b/godwit/abalone/runs' },
 * //   serviceAccount: 'pipelines@p.iam.gserviceaccount.com' }
 * ```
 */
import { joinUri } from '../../compile/uploads.js';
import type { JsonValue } from '../../pipeline/ir.js';
import type { PlannedRequest, SubmitContext } from '../submit-target.js';

/**
 * The PipelineJob as the SDK's REST transport writes it: proto3 JSON with every map field present,
 * empty ones included (`labels`, the legacy `runtimeConfig.parameters`, `inputArtifacts`).
 */
export interface VertexJob {
  readonly labels: Readonly<Record<string, string>>;
  readonly displayName: string;
  readonly pipelineSpec: JsonValue;
  readonly runtimeConfig: {
    readonly parameters: Readonly<Record<string, never>>;
    readonly parameterValues: Readonly<Record<string, JsonValue>>;
    readonly inputArtifacts: Readonly<Record<string, never>>;
    readonly gcsOutputDirectory: string;
  };
  readonly serviceAccount?: string;
}

export interface VertexEndpoint {
  readonly protocol: 'https' | 'http';
  readonly host: string;
  readonly port: number;
}

export function vertexLocation(ctx: SubmitContext): { project: string; region: string; parent: string } {
  const project = ctx.profile.project ?? '';
  const region = ctx.profile.region ?? '';
  return { project, region, parent: `projects/${project}/locations/${region}` };
}

/** `--endpoint` (e.g. http://127.0.0.1:8080), else Vertex AI's regional endpoint. */
export function vertexEndpoint(ctx: SubmitContext): VertexEndpoint {
  if (!ctx.endpoint) return { protocol: 'https', host: `${vertexLocation(ctx).region}-aiplatform.googleapis.com`, port: 443 };
  const url = new URL(ctx.endpoint);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { protocol, host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443 };
}

export function vertexJob(ctx: SubmitContext): VertexJob {
  const spec = ctx.compiled.document as { defaultPipelineRoot?: string };
  return {
    labels: {},
    displayName: ctx.pipelineName,
    pipelineSpec: ctx.compiled.document as JsonValue,
    runtimeConfig: {
      parameters: {},
      parameterValues: { ...ctx.parameters },
      inputArtifacts: {},
      gcsOutputDirectory: spec.defaultPipelineRoot ?? joinUri(ctx.profile.artifactRoot, ctx.ir.name, 'runs'),
    },
    ...(ctx.profile.serviceAccount ? { serviceAccount: ctx.profile.serviceAccount } : {}),
  };
}

export function vertexPlan(ctx: SubmitContext): PlannedRequest[] {
  const { parent } = vertexLocation(ctx);
  const e = vertexEndpoint(ctx);
  const port = (e.protocol === 'https' && e.port === 443) || (e.protocol === 'http' && e.port === 80) ? '' : `:${e.port}`;
  return [
    {
      service: 'Vertex AI',
      operation: 'CreatePipelineJob',
      method: 'POST',
      // The REST transport asks for integer enums in every call.
      url: `${e.protocol}://${e.host}${port}/v1/${parent}/pipelineJobs?$alt=json%3Benum-encoding=int`,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer <access token>' },
      body: vertexJob(ctx),
    },
  ];
}
