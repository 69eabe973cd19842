import type { WorkflowsConfig } from '../config/config-workflows.js';
import type { Clock } from '../core/clock.js';
import type { JobService } from '../jobs/job-service.js';
import { roleCaller } from '../runtime/run-caller.js';
import type { StoreOptions } from '../store/index.js';
import {
  doorSageMakerApi,
  localIntegrations,
  type SageMakerApi,
  StoreMapItemIo,
  storeFactory,
  type TaskRoles,
} from '../workflows/integrations/index.js';
import { LocalWorkflowService } from '../workflows/local-workflow-service.js';
import { DEFAULT_REGION } from './aws/arns.js';
import { SAGEMAKER_IAM } from './aws/sagemaker/sagemaker-iam.js';
import type { AppServices, ServerContext } from './server-context.js';

/** What the server's workflow engine is built from; `context` is read at the first Task that needs the SageMaker door. */
export interface ServerWorkflowDeps {
  readonly services: AppServices;
  readonly jobs: JobService;
  readonly context: () => ServerContext;
  readonly storeOptions: () => StoreOptions;
  readonly config?: WorkflowsConfig;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

/**
 * The server's Step Functions engine: state machines and executions in the metadata database,
 * run in this process, their Tasks calling the server's own services (jobs, the SageMaker door
 * in-process, endpoints, nested executions, the event outbox, its S3) through
 * `localIntegrations`. Nothing runs until `recover()` (the server calls it once it listens).
 */
export function serverWorkflows(deps: ServerWorkflowDeps): LocalWorkflowService {
  const stores = storeFactory(deps.storeOptions);
  let door: SageMakerApi | undefined;
  const sagemaker: SageMakerApi = {
    call: (action, input, caller) => {
      door ??= doorSageMakerApi(deps.context(), DEFAULT_REGION);
      return door.call(action, input, caller);
    },
  };
  // Tasks act as the execution's role when it names a principal, as AWS runs them as the role.
  const roles: TaskRoles = {
    callerOf: (roleArn) => roleCaller(roleArn, (arn) => deps.services.metadata.principals.get(arn)),
    async authorize(caller, action, input) {
      const named = SAGEMAKER_IAM.resource(action.replace(/^sagemaker:/, ''), input, DEFAULT_REGION);
      const { authorize } = deps.context();
      await Promise.all((typeof named === 'string' ? [named] : named).map((r) => authorize(caller, action, r, 'sagemaker')));
    },
  };
  const { metadata } = deps.services;
  const service: LocalWorkflowService = new LocalWorkflowService({
    catalog: metadata.workflows,
    clock: deps.clock,
    integrations: localIntegrations({
      jobs: deps.jobs,
      sagemaker,
      endpoints: metadata.endpoints,
      workflows: () => service,
      publish: metadata.taskEvents,
      stores,
      config: deps.config,
      clock: deps.clock,
      roles,
    }),
    itemIo: new StoreMapItemIo(stores),
    log: deps.log,
  });
  return service;
}
