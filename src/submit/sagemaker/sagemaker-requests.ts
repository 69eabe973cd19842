/**
 * The SageMaker API calls of a submission, as the SDK sends them (AWS JSON 1.1: `POST /` with
 * `X-Amz-Target: SageMaker.<Operation>` and the input as the JSON body). DescribePipeline decides
 * between CreatePipeline (a new pipeline: the service answers ResourceNotFound) and
 * UpdatePipeline; StartPipelineExecution then starts a run with the `--param` values.
 *
 * ```ts
 * sagemakerInputs(ctx).start
 * // { PipelineName: 'abalone', PipelineParameters: [{ Name: 'mse_threshold', Value: '5.5' }], ClientRequestToken: '…' }
 * ```
 */

import { submitError } from '../submit-errors.js';
import type { PlannedRequest, SubmitContext } from '../submit-target.js';

/** SageMaker's pipeline name pattern. */
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;
/** CreatePipeline takes a definition of at most 1 MB inline; larger ones need PipelineDefinitionS3Location. */
const MAX_DEFINITION = 1_000_000;

export interface SageMakerInputs {
  readonly describe: { PipelineName: string };
  readonly create: {
    PipelineName: string;
    PipelineDefinition: string;
    PipelineDescription: string;
    RoleArn: string;
    ClientRequestToken: string;
  };
  readonly update: { PipelineName: string; PipelineDefinition: string; PipelineDescription: string; RoleArn: string };
  readonly start: {
    PipelineName: string;
    PipelineParameters?: { Name: string; Value: string }[];
    ClientRequestToken: string;
  };
}

export function sagemakerInputs(ctx: SubmitContext): SageMakerInputs {
  const role = ctx.profile.role ?? '';
  const name = ctx.pipelineName;
  if (!PIPELINE_NAME.test(name)) {
    throw submitError(
      'sagemaker',
      'CreatePipeline',
      name,
      `"${name}" is not a valid SageMaker pipeline name (letters, digits and single or repeated hyphens, up to 256 characters; no underscores)`,
      `Give the cloud pipeline another name with --name ${name.replace(/[^A-Za-z0-9-]+/g, '-')}.`,
    );
  }
  const definition = JSON.stringify(ctx.compiled.document);
  if (definition.length > MAX_DEFINITION) {
    throw submitError(
      'sagemaker',
      'CreatePipeline',
      name,
      `the definition is ${definition.length} bytes; CreatePipeline takes at most ${MAX_DEFINITION} inline`,
      'Godwit does not yet upload definitions to S3 (PipelineDefinitionS3Location); split the pipeline.',
    );
  }
  const description = (ctx.ir.description ?? `Godwit pipeline ${ctx.ir.name}`).slice(0, 3072);
  const common = { PipelineName: name, PipelineDefinition: definition, PipelineDescription: description, RoleArn: role };
  const parameters = Object.entries(ctx.parameters).map(([Name, v]) => ({ Name, Value: String(v) }));
  return {
    describe: { PipelineName: name },
    create: { ...common, ClientRequestToken: ctx.token('CreatePipeline') },
    update: common,
    start: {
      PipelineName: name,
      ...(parameters.length > 0 ? { PipelineParameters: parameters } : {}),
      ClientRequestToken: ctx.token('StartPipelineExecution'),
    },
  };
}

/** The endpoint the SDK calls: `--endpoint`, else SageMaker's regional endpoint. */
export function sagemakerEndpoint(ctx: SubmitContext): string {
  return ctx.endpoint ?? `https://api.sagemaker.${ctx.profile.region}.amazonaws.com/`;
}

export function sagemakerPlan(ctx: SubmitContext): PlannedRequest[] {
  const inputs = sagemakerInputs(ctx);
  const request = (operation: string, body: unknown, when?: string): PlannedRequest => ({
    service: 'SageMaker',
    operation,
    method: 'POST',
    url: sagemakerEndpoint(ctx),
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `SageMaker.${operation}` },
    body,
    ...(when ? { when } : {}),
  });
  return [
    request('DescribePipeline', inputs.describe),
    request('CreatePipeline', inputs.create, 'if DescribePipeline answers ResourceNotFound (a new pipeline)'),
    request('UpdatePipeline', inputs.update, 'if the pipeline exists'),
    request('StartPipelineExecution', inputs.start),
  ];
}
