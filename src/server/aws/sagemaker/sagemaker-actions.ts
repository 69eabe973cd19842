import type { DoorHandler } from '../../front-door.js';
import type { ServerContext } from '../../server-context.js';
import { type JsonService, serveJson } from '../json-protocol.js';
import { describeModelPackage, listModelPackageGroups, listModelPackages, updateModelPackage } from './model-packages.js';
import { describePipelineExecution, listPipelineExecutionSteps, listPipelineExecutions } from './pipeline-executions.js';

/**
 * The SageMaker actions Godwit answers (awsJson1_1, `X-Amz-Target: SageMaker.<Action>`): each
 * one maps its fields onto the application layer and back; docs/server.md lists their fields.
 */
const sagemaker: JsonService<ServerContext> = {
  targetPrefix: 'SageMaker',
  contentType: 'application/x-amz-json-1.1',
  notFoundType: 'ResourceNotFound',
  actions: {
    ListPipelineExecutions: listPipelineExecutions,
    DescribePipelineExecution: describePipelineExecution,
    ListPipelineExecutionSteps: listPipelineExecutionSteps,
    ListModelPackageGroups: listModelPackageGroups,
    ListModelPackages: listModelPackages,
    DescribeModelPackage: describeModelPackage,
    UpdateModelPackage: updateModelPackage,
  },
};

export const serveSageMaker: DoorHandler = (req, context) => serveJson(sagemaker, req, context);
