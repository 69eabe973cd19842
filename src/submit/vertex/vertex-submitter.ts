/**
 * Submits to Vertex AI Pipelines through @google-cloud/aiplatform (v6), loaded only here and only
 * when used. The client speaks REST (`fallback: true`), so `--endpoint http://host:port` reaches a
 * plain HTTP server. Credentials are Application Default Credentials unless an access token is
 * given (GODWIT_GCP_ACCESS_TOKEN, or the caller's), which an OAuth2 client then presents as is.
 */
import { createRequire } from 'node:module';
import { loadSdk, networkHint, submitError } from '../submit-errors.js';
import type { SubmitContext, SubmitOutcome, Submitter } from '../submit-target.js';
import { vertexEndpoint, vertexJob, vertexLocation, vertexPlan } from './vertex-requests.js';

interface GoogleError {
  readonly code?: number | string;
  readonly message?: string;
  readonly details?: string;
  readonly statusDetails?: unknown;
}

export const vertexSubmitter: Submitter = {
  async submit(ctx: SubmitContext): Promise<SubmitOutcome> {
    const { parent, region, project } = vertexLocation(ctx);
    const job = vertexJob(ctx);
    const [request] = vertexPlan(ctx);
    const aiplatform = await loadSdk('vertex', '@google-cloud/aiplatform', () => import('@google-cloud/aiplatform'));
    const endpoint = vertexEndpoint(ctx);
    const token = ctx.auth.googleAccessToken;
    const client = new aiplatform.v1.PipelineServiceClient({
      apiEndpoint: endpoint.host,
      port: endpoint.port,
      protocol: endpoint.protocol,
      fallback: true,
      ...(token ? { authClient: staticTokenClient(token) } : {}),
    } as ConstructorParameters<typeof aiplatform.v1.PipelineServiceClient>[0]);
    const toValue = aiplatform.helpers.toValue as (v: unknown) => { structValue?: unknown } | null | undefined;
    const parameterValues = Object.fromEntries(
      Object.entries(job.runtimeConfig.parameterValues).map(([k, v]) => [k, toValue(v)]),
    );
    try {
      const [created] = await client.createPipelineJob({
        parent,
        pipelineJob: {
          displayName: job.displayName,
          pipelineSpec: toValue(job.pipelineSpec)?.structValue as never,
          runtimeConfig: { gcsOutputDirectory: job.runtimeConfig.gcsOutputDirectory, parameterValues: parameterValues as never },
          ...(job.serviceAccount ? { serviceAccount: job.serviceAccount } : {}),
        },
      });
      const name = created.name ?? '(no job name returned)';
      const id = name.split('/').pop();
      return {
        target: 'vertex',
        pipeline: ctx.pipelineName,
        action: 'created',
        execution: name,
        consoleUrl: `https://console.cloud.google.com/vertex-ai/locations/${region}/pipelines/runs/${id}?project=${project}`,
        sent: [{ operation: request.operation, url: request.url }],
      };
    } catch (err) {
      throw failure(ctx, err, request.url);
    } finally {
      await client.close();
    }
  },
};

/**
 * google-auth-library's OAuth2Client holding a fixed access token. The library comes with
 * @google-cloud/aiplatform (through google-gax), so it is resolved from there.
 */
function staticTokenClient(token: string): unknown {
  const fromAiplatform = createRequire(createRequire(import.meta.url).resolve('@google-cloud/aiplatform'));
  const gax = fromAiplatform('google-gax') as {
    googleAuthLibrary: { OAuth2Client: new () => { setCredentials(c: object): void } };
  };
  const client = new gax.googleAuthLibrary.OAuth2Client();
  client.setCredentials({ access_token: token });
  return client;
}

function failure(ctx: SubmitContext, err: unknown, url: string) {
  const e = err as GoogleError;
  const text = e.message ?? String(err);
  const hint =
    networkHint(err, url) ??
    (/Could not load the default credentials|Could not refresh access token|invalid_grant/i.test(text)
      ? 'Log in with gcloud auth application-default login, set GOOGLE_APPLICATION_CREDENTIALS, or pass a token in GODWIT_GCP_ACCESS_TOKEN.'
      : e.code === 7 || e.code === 403 || /PERMISSION_DENIED/.test(text)
        ? `Check that your identity may create pipeline jobs in ${vertexLocation(ctx).parent} and act as ${ctx.profile.serviceAccount ?? 'the service account'} (roles/aiplatform.user, roles/iam.serviceAccountUser).`
        : undefined);
  return submitError('vertex', 'CreatePipelineJob', ctx.pipelineName, text, hint, err);
}
