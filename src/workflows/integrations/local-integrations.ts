import type { WorkflowsConfig } from '../../config/config-workflows.js';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { JobService } from '../../jobs/job-service.js';
import type { TaskIntegration, TaskIntegrations } from '../engine/task-integration.js';
import type { WorkflowService } from '../workflow-service.js';
import { type EventPublisher, eventsIntegration } from './events-integration.js';
import { httpIntegration } from './http-integration.js';
import { LAMBDA_HINT, LambdaIntegration } from './lambda/lambda-integration.js';
import { LocalFunctions } from './lambda/local-functions.js';
import { lambdaFunctionName, serviceResource } from './resource-arn.js';
import { s3Integration } from './s3-integration.js';
import type { SageMakerApi, TaskRoles } from './sagemaker/sagemaker-api.js';
import { sagemakerIntegration } from './sagemaker/sagemaker-integration.js';
import type { ServiceIntegration } from './service-integration.js';
import { sqsIntegration } from './sqs-integration.js';
import { statesIntegration } from './states-integration.js';
import type { StoreFactory } from './store-factory.js';

/** What the local integrations are built with; nothing is called until a Task runs. */
export interface LocalIntegrationDeps {
  /** Training, processing and transform jobs (the server's job service). */
  readonly jobs: JobService;
  /** The SageMaker door in-process (`doorSageMakerApi`): models, endpoints, pipelines, model packages. */
  readonly sagemaker: SageMakerApi;
  /** Read to re-attach to models, configs and endpoints an earlier call of the same task created. */
  readonly endpoints: EndpointCatalog;
  /** Nested executions; a function because the workflow service is built with these integrations. */
  readonly workflows: () => WorkflowService;
  /** `events:putEvents` and queues mapped to events (`outboxPublisher` over the metadata database). */
  readonly publish: EventPublisher;
  /** Objects (`aws-sdk:s3:getObject`, distributed Map item readers and result writers). */
  readonly stores: StoreFactory;
  /** godwit.config.yaml's `workflows:` (Lambda functions and queues); absent is none mapped. */
  readonly config?: WorkflowsConfig;
  readonly clock: Clock;
  /** The region ARNs are written in; the local cloud's default when absent. */
  readonly region?: string;
  /** SageMaker Tasks act as the execution's role when it names a principal (the server's); absent, as the local user. */
  readonly roles?: TaskRoles;
}

/**
 * Every Task integration Godwit serves locally, combined: SageMaker (jobs, hosting, pipelines,
 * model packages), S3 reads, nested executions, EventBridge, Lambda (mapped), HTTP (loopback), SQS
 * (mapped). `check` refuses an unmapped resource before an execution starts.
 */
export function localIntegrations(deps: LocalIntegrationDeps): TaskIntegrations & { readonly supported: readonly string[] } {
  const region = deps.region ?? 'us-east-1';
  const services: ServiceIntegration[] = [
    sagemakerIntegration({
      jobs: deps.jobs,
      sagemaker: deps.sagemaker,
      endpoints: deps.endpoints,
      clock: deps.clock,
      region,
      ...(deps.roles && { roles: deps.roles }),
    }),
    s3Integration(deps.stores),
    statesIntegration({ workflows: lazyWorkflows(deps.workflows), clock: deps.clock }),
    eventsIntegration(deps.publish, deps.clock),
    httpIntegration(),
    sqsIntegration(deps.config?.queues ?? [], deps.publish, deps.clock),
  ];
  const lambda = new LambdaIntegration(new LocalFunctions(deps.config?.lambdas ?? []));
  const all: TaskIntegration[] = [...services, lambda];
  const supported = [
    ...services.flatMap((s) => s.resources()),
    'arn:aws:states:::lambda:invoke',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
  ];
  return {
    supported,
    resolve: (resource) => all.find((i) => i.supports(resource)),
    check(stateName, resource) {
      if (all.some((i) => i.supports(resource))) return;
      throw unmapped(stateName, resource, supported);
    },
  };
}

/** `E_WORKFLOW_RESOURCE_UNMAPPED`: the state, the resource, and the way out that fits it. */
function unmapped(stateName: string, resource: string, supported: readonly string[]): GodwitError {
  const message = `State "${stateName}" calls ${resource}, which Godwit does not run locally.`;
  const fn = lambdaFunctionName(resource);
  if (fn !== undefined)
    return new GodwitError(
      'E_WORKFLOW_RESOURCE_UNMAPPED',
      `State "${stateName}" calls the Lambda function "${fn}" (${resource}), which is not mapped.`,
      {
        hint: LAMBDA_HINT,
      },
    );
  const service = serviceResource(resource);
  if (service?.service === 'redshiftdata')
    return new GodwitError(
      'E_WORKFLOW_RESOURCE_UNMAPPED',
      `${message} The Redshift Data API is not mapped onto the local warehouse.`,
      {
        hint: 'Run the SQL from a Lambda function mapped in workflows.lambdas (a command calling `godwit sql`), or from a pipeline step.',
      },
    );
  return new GodwitError('E_WORKFLOW_RESOURCE_UNMAPPED', message, {
    hint: `Supported: ${supported.join(', ')}, and Lambda functions mapped in godwit.config.yaml's workflows.lambdas (docs/workflows-integrations.md).`,
  });
}

/** A WorkflowService that looks the real one up at each call (it is built after the integrations). */
function lazyWorkflows(get: () => WorkflowService): WorkflowService {
  return new Proxy({} as WorkflowService, {
    get: (_, key) => {
      const service = get() as unknown as Record<PropertyKey, unknown>;
      const value = service[key];
      return typeof value === 'function' ? value.bind(service) : value;
    },
  });
}
