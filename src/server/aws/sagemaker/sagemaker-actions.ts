import type { DoorHandler } from '../../front-door.js';
import type { ServerContext } from '../../server-context.js';
import { type JsonService, serveJson } from '../json-protocol.js';
import { describeEndpointAction } from './describe-endpoint.js';
import {
  createEndpointAction,
  deleteEndpointAction,
  listEndpointsAction,
  updateEndpointAction,
  updateWeightsAndCapacitiesAction,
} from './endpoint-actions.js';
import {
  createEndpointConfigAction,
  deleteEndpointConfigAction,
  describeEndpointConfigAction,
  listEndpointConfigsAction,
} from './endpoint-configs.js';
import {
  createInferenceExperiment,
  deleteInferenceExperiment,
  describeInferenceExperiment,
  listInferenceExperiments,
  startInferenceExperiment,
  stopInferenceExperiment,
  updateInferenceExperiment,
} from './inference-experiments.js';
import { createJobAction, describeJobAction, listJobsAction, stopJobAction } from './job-actions.js';
import { lineageActions } from './lineage-actions.js';
import { createModelPackageAction, createModelPackageGroupAction } from './model-package-writes.js';
import { describeModelPackage, listModelPackageGroups, listModelPackages, updateModelPackage } from './model-packages.js';
import { createModelAction, deleteModelAction, describeModelAction, listModelsAction } from './models.js';
import { listMonitoringExecutions } from './monitoring-executions.js';
import { jobDefinitionActions } from './monitoring-job-definitions.js';
import {
  createMonitoringSchedule,
  deleteMonitoringSchedule,
  describeMonitoringSchedule,
  listMonitoringSchedules,
  startMonitoringSchedule,
  stopMonitoringSchedule,
  updateMonitoringSchedule,
} from './monitoring-schedules.js';
import {
  retryPipelineExecution,
  sendStepFailure,
  sendStepSuccess,
  startPipelineExecution,
  stopPipelineExecution,
} from './pipeline-execution-actions.js';
import { describePipelineExecution, listPipelineExecutionSteps, listPipelineExecutions } from './pipeline-executions.js';
import { createPipeline, deletePipeline, describePipeline, listPipelines, updatePipeline } from './pipelines.js';
import { SAGEMAKER_IAM } from './sagemaker-iam.js';

/**
 * The SageMaker actions Godwit answers (awsJson1_1, `X-Amz-Target: SageMaker.<Action>`): each
 * one maps its fields onto the application layer and back; docs/server.md lists their fields.
 */
const sagemaker: JsonService<ServerContext> = {
  targetPrefix: 'SageMaker',
  contentType: 'application/x-amz-json-1.1',
  notFoundType: 'ResourceNotFound',
  iam: SAGEMAKER_IAM,
  actions: {
    ListPipelineExecutions: listPipelineExecutions,
    DescribePipelineExecution: describePipelineExecution,
    ListPipelineExecutionSteps: listPipelineExecutionSteps,
    // Pipelines (pipelines): definitions kept as sent, executions run in the server.
    CreatePipeline: createPipeline,
    UpdatePipeline: updatePipeline,
    DescribePipeline: describePipeline,
    ListPipelines: listPipelines,
    DeletePipeline: deletePipeline,
    StartPipelineExecution: startPipelineExecution,
    StopPipelineExecution: stopPipelineExecution,
    RetryPipelineExecution: retryPipelineExecution,
    SendPipelineExecutionStepSuccess: sendStepSuccess,
    SendPipelineExecutionStepFailure: sendStepFailure,
    ListModelPackageGroups: listModelPackageGroups,
    ListModelPackages: listModelPackages,
    DescribeModelPackage: describeModelPackage,
    UpdateModelPackage: updateModelPackage,
    CreateModelPackageGroup: createModelPackageGroupAction,
    CreateModelPackage: createModelPackageAction,
    // Endpoints (catalog): models, endpoint configs and endpoints as desired state.
    CreateModel: createModelAction,
    DescribeModel: describeModelAction,
    DeleteModel: deleteModelAction,
    ListModels: listModelsAction,
    CreateEndpointConfig: createEndpointConfigAction,
    DescribeEndpointConfig: describeEndpointConfigAction,
    DeleteEndpointConfig: deleteEndpointConfigAction,
    ListEndpointConfigs: listEndpointConfigsAction,
    CreateEndpoint: createEndpointAction,
    DescribeEndpoint: describeEndpointAction,
    UpdateEndpoint: updateEndpointAction,
    UpdateEndpointWeightsAndCapacities: updateWeightsAndCapacitiesAction,
    DeleteEndpoint: deleteEndpointAction,
    ListEndpoints: listEndpointsAction,
    // Shadow tests (experiments): inference experiments in shadow mode, run by the server's experiment runner.
    CreateInferenceExperiment: createInferenceExperiment,
    DescribeInferenceExperiment: describeInferenceExperiment,
    ListInferenceExperiments: listInferenceExperiments,
    StartInferenceExperiment: startInferenceExperiment,
    StopInferenceExperiment: stopInferenceExperiment,
    UpdateInferenceExperiment: updateInferenceExperiment,
    DeleteInferenceExperiment: deleteInferenceExperiment,
    // Jobs (jobcore): the same four actions for every kind, shaped by the kind's spec (JOB_KINDS).
    CreateTrainingJob: createJobAction('training'),
    DescribeTrainingJob: describeJobAction('training'),
    StopTrainingJob: stopJobAction('training'),
    ListTrainingJobs: listJobsAction('training'),
    CreateProcessingJob: createJobAction('processing'),
    DescribeProcessingJob: describeJobAction('processing'),
    StopProcessingJob: stopJobAction('processing'),
    ListProcessingJobs: listJobsAction('processing'),
    CreateTransformJob: createJobAction('transform'),
    DescribeTransformJob: describeJobAction('transform'),
    StopTransformJob: stopJobAction('transform'),
    ListTransformJobs: listJobsAction('transform'),
    // Model Monitor (monitor/schedules): schedules run by the server's schedule runner, their executions, job definitions.
    CreateMonitoringSchedule: createMonitoringSchedule,
    DescribeMonitoringSchedule: describeMonitoringSchedule,
    ListMonitoringSchedules: listMonitoringSchedules,
    UpdateMonitoringSchedule: updateMonitoringSchedule,
    DeleteMonitoringSchedule: deleteMonitoringSchedule,
    StartMonitoringSchedule: startMonitoringSchedule,
    StopMonitoringSchedule: stopMonitoringSchedule,
    ListMonitoringExecutions: listMonitoringExecutions,
    ...jobDefinitionActions(),
    // Lineage (lineage): artifacts, actions, contexts, associations and QueryLineage over metadata.lineage.
    ...lineageActions(),
  },
};

export const serveSageMaker: DoorHandler = (req, context) => serveJson(sagemaker, req, context);
