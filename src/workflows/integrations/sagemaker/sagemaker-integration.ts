import { ServiceIntegration } from '../service-integration.js';
import {
  createAction,
  type HostingTaskDeps,
  passThroughAction,
  startPipelineAction,
  updateEndpointAction,
} from './sagemaker-hosting.js';
import { type JobTaskDeps, jobAction } from './sagemaker-jobs.js';

export type SageMakerTaskDeps = JobTaskDeps & HostingTaskDeps;

/**
 * SageMaker's Step Functions integrations onto Godwit's local SageMaker: jobs through the job
 * service (`.sync` waits for their end), hosting and pipelines through the SageMaker door, and the
 * SDK calls Godwit's own compiled documents make (`aws-sdk:sagemaker:createModelPackage`).
 */
export function sagemakerIntegration(deps: SageMakerTaskDeps): ServiceIntegration {
  return new ServiceIntegration('sagemaker', {
    'sagemaker:createTrainingJob': jobAction('training', deps),
    'sagemaker:createProcessingJob': jobAction('processing', deps),
    'sagemaker:createTransformJob': jobAction('transform', deps),
    'sagemaker:createModel': createAction('CreateModel', deps),
    'sagemaker:createEndpointConfig': createAction('CreateEndpointConfig', deps),
    'sagemaker:createEndpoint': createAction('CreateEndpoint', deps),
    'sagemaker:updateEndpoint': updateEndpointAction(deps),
    'sagemaker:startPipelineExecution': startPipelineAction(deps),
    'aws-sdk:sagemaker:createModelPackage': passThroughAction('CreateModelPackage', deps),
    'aws-sdk:sagemaker:createModelPackageGroup': passThroughAction('CreateModelPackageGroup', deps),
    // A read: deployment machines poll it until a (guarded) update ends (examples/retrain-on-approval).
    'aws-sdk:sagemaker:describeEndpoint': passThroughAction('DescribeEndpoint', deps),
  });
}
