/**
 * Submits to SageMaker Pipelines through @aws-sdk/client-sagemaker (v3), loaded only here and
 * only when used. Credentials come from the SDK's default chain (environment, shared config, SSO,
 * instance role) unless the caller passes static ones; the region from the profile.
 */
import { loadSdk, networkHint, submitError } from '../submit-errors.js';
import type { SubmitContext, SubmitOutcome, Submitter } from '../submit-target.js';
import { sagemakerEndpoint, sagemakerInputs } from './sagemaker-requests.js';

interface AwsError {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export const sagemakerSubmitter: Submitter = {
  async submit(ctx: SubmitContext): Promise<SubmitOutcome> {
    const inputs = sagemakerInputs(ctx);
    const sdk = await loadSdk('sagemaker', '@aws-sdk/client-sagemaker', () => import('@aws-sdk/client-sagemaker'));
    const client = new sdk.SageMakerClient({
      region: ctx.profile.region,
      ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
      ...(ctx.auth.aws ? { credentials: ctx.auth.aws } : {}),
    });
    const url = sagemakerEndpoint(ctx);
    const sent: { operation: string; url: string }[] = [];
    const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
      sent.push({ operation, url });
      try {
        return await run();
      } catch (err) {
        throw failure(ctx, operation, err);
      }
    };
    try {
      if (ctx.uploadTo) {
        const { uploadFiles } = await import('../upload-files.js');
        await uploadFiles(ctx.compiled.uploads, ctx.uploadTo);
      }
      let exists = true;
      sent.push({ operation: 'DescribePipeline', url });
      try {
        await client.send(new sdk.DescribePipelineCommand(inputs.describe));
      } catch (err) {
        if (!isNotFound(err)) throw failure(ctx, 'DescribePipeline', err);
        exists = false;
      }
      if (exists) await call('UpdatePipeline', () => client.send(new sdk.UpdatePipelineCommand(inputs.update)));
      else await call('CreatePipeline', () => client.send(new sdk.CreatePipelineCommand(inputs.create)));
      const started = await call('StartPipelineExecution', () =>
        client.send(new sdk.StartPipelineExecutionCommand(inputs.start)),
      );
      const execution = started.PipelineExecutionArn ?? '(no ARN returned)';
      return {
        target: 'sagemaker',
        pipeline: ctx.pipelineName,
        action: exists ? 'updated' : 'created',
        execution,
        consoleUrl: `https://${ctx.profile.region}.console.aws.amazon.com/sagemaker/home?region=${ctx.profile.region}#/pipelines`,
        sent,
      };
    } finally {
      client.destroy();
    }
  },
};

/** DescribePipeline's answer for a pipeline that does not exist yet. */
function isNotFound(err: unknown): boolean {
  const e = err as AwsError;
  return e?.name === 'ResourceNotFound' || (e?.name === 'ValidationException' && /does not exist/i.test(e.message ?? ''));
}

function failure(ctx: SubmitContext, operation: string, err: unknown) {
  const e = err as AwsError;
  const status = e.$metadata?.httpStatusCode;
  const where = sagemakerEndpoint(ctx);
  const hint =
    networkHint(err, where) ??
    (e.name === 'CredentialsProviderError'
      ? 'Give AWS credentials the usual way: AWS_PROFILE, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, SSO or an instance role.'
      : /AccessDenied|UnrecognizedClient|InvalidSignature|ExpiredToken/.test(e.name ?? '')
        ? `Check that your credentials may call sagemaker:${operation} and pass role ${ctx.profile.role} (iam:PassRole).`
        : undefined);
  const detail = `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
  return submitError('sagemaker', operation, ctx.pipelineName, detail, hint, err);
}
