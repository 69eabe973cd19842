import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalString, requiredString } from '../aws-input.js';
import { list, refuse, struct } from './hosting-input.js';
import { parallelism } from './pipelines.js';
import { executionArn, parseExecutionArn, pipelineName } from './sagemaker-arns.js';

/**
 * StartPipelineExecution: imports the pipeline's current definition and runs it in the server;
 * answers once the run is recorded. The same ClientRequestToken gives the same execution. A
 * principal's execution runs as that principal (see docs/governance.md, "Runs started through the server").
 */
export async function startPipelineExecution(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const name = pipelineName(requiredString(input, 'PipelineName'));
  refuse(input, ['PipelineVersionId'], 'StartPipelineExecution');
  const parameters = list(input, 'PipelineParameters').map((p) => {
    if (typeof p.Name !== 'string' || typeof p.Value !== 'string')
      throw new AwsError('ValidationException', 'Each of PipelineParameters needs a Name and a Value, both strings.');
    return { name: p.Name, value: p.Value };
  });
  const execution = await pipelines.start(name, {
    parameters,
    displayName: optionalString(input, 'PipelineExecutionDisplayName'),
    description: optionalString(input, 'PipelineExecutionDescription'),
    clientRequestToken: optionalString(input, 'ClientRequestToken'),
    maxParallelSteps: parallelism(input),
    selective: selectiveConfig(input, name),
    // An authenticated principal's execution acts as it (startedBy, its sql steps' views); the local user's is unchanged.
    ...(req.caller?.kind === 'principal' && { caller: req.caller }),
  });
  return { PipelineExecutionArn: executionArn(req.region, name, execution.runId) };
}

/** `SelectiveExecutionConfig {SourcePipelineExecutionArn, SelectedSteps: [{StepName}]}`: a source execution of the same pipeline. */
function selectiveConfig(input: Input, name: string) {
  const config = struct(input, 'SelectiveExecutionConfig');
  if (!config) return undefined;
  const arn = requiredString(config, 'SourcePipelineExecutionArn');
  const source = parseExecutionArn(arn);
  if (source.pipeline !== name)
    throw new AwsError(
      'ValidationException',
      `SourcePipelineExecutionArn ${arn} is an execution of pipeline "${source.pipeline}", not of "${name}".`,
    );
  const selectedSteps = list(config, 'SelectedSteps').map((s) => {
    if (typeof s.StepName !== 'string') throw new AwsError('ValidationException', 'Each of SelectedSteps needs a StepName.');
    return s.StepName;
  });
  if (selectedSteps.length === 0) throw new AwsError('ValidationException', 'SelectedSteps must name at least one step.');
  return { sourceRunId: source.runId, selectedSteps };
}

/** StopPipelineExecution: the execution is `Stopping` at once, `Stopped` when its running steps have ended. */
export async function stopPipelineExecution(input: Input, { pipelines }: ServerContext) {
  const arn = requiredString(input, 'PipelineExecutionArn');
  const { pipeline, runId } = parseExecutionArn(arn);
  await pipelines.stop(pipeline, runId);
  return { PipelineExecutionArn: arn };
}

/** RetryPipelineExecution: resumes a Failed or Stopped execution; steps that succeeded are not run again. */
export async function retryPipelineExecution(input: Input, { pipelines }: ServerContext) {
  const arn = requiredString(input, 'PipelineExecutionArn');
  const { pipeline, runId } = parseExecutionArn(arn);
  refuse(input, ['ParallelismConfiguration'], 'RetryPipelineExecution');
  await pipelines.retry(pipeline, runId);
  return { PipelineExecutionArn: arn };
}

/** SendPipelineExecutionStepSuccess: the callback step waiting for the token succeeds with the given OutputParameters. */
export async function sendStepSuccess(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const token = requiredString(input, 'CallbackToken');
  const outputParameters = list(input, 'OutputParameters').map((p) => {
    if (typeof p.Name !== 'string' || typeof p.Value !== 'string')
      throw new AwsError('ValidationException', 'Each of OutputParameters needs a Name and a Value, both strings.');
    return { name: p.Name, value: p.Value };
  });
  const { pipeline, runId } = await pipelines.settleCallback(token, { status: 'succeeded', outputParameters });
  return { PipelineExecutionArn: executionArn(req.region, pipeline, runId) };
}

/** SendPipelineExecutionStepFailure: the callback step waiting for the token fails with FailureReason. */
export async function sendStepFailure(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const token = requiredString(input, 'CallbackToken');
  const failureReason = optionalString(input, 'FailureReason') ?? 'The callback reported a failure.';
  const { pipeline, runId } = await pipelines.settleCallback(token, { status: 'failed', failureReason });
  return { PipelineExecutionArn: executionArn(req.region, pipeline, runId) };
}
