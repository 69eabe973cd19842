import { GodwitError } from '../core/errors.js';

/** `CreatePipeline` for a name in use: SageMaker answers `ResourceInUse`. */
export const pipelineExists = (name: string) =>
  new GodwitError('E_SM_PIPELINE_EXISTS', `Pipeline "${name}" already exists.`, {
    hint: 'Change it with UpdatePipeline, or delete it first (DeletePipeline).',
  });

export const pipelineNotFound = (name: string) =>
  new GodwitError('E_SM_PIPELINE_NOT_FOUND', `Pipeline "${name}" does not exist.`, {
    hint: 'Create it with CreatePipeline; ListPipelines shows the pipelines there are.',
  });

export const executionNotFound = (pipeline: string, runId: string) =>
  new GodwitError('E_SM_EXECUTION_NOT_FOUND', `Pipeline execution "${runId}" of pipeline "${pipeline}" does not exist.`, {
    hint: `ListPipelineExecutions with PipelineName ${pipeline} shows its executions.`,
  });

export const callbackNotFound = (token: string) =>
  new GodwitError('E_SM_CALLBACK_NOT_FOUND', `No callback step waits for the token "${token}".`, {
    hint: "ListPipelineExecutionSteps shows a waiting callback step's token in Metadata.Callback.CallbackToken.",
  });

export const callbackSettled = (token: string, status: string) =>
  new GodwitError('E_SM_CALLBACK_SETTLED', `The callback token "${token}" was already settled (${status}).`, {
    hint: 'A token is settled once; retry the execution (RetryPipelineExecution) to wait for a new one.',
  });
