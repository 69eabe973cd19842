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
