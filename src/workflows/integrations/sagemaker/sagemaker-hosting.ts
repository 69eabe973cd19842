import { arn } from '../../../core/arns.js';
import type { EndpointCatalog } from '../../../endpoints/endpoint-records.js';
import type { Json } from '../../asl/asl-types.js';
import type { TaskCall } from '../../engine/task-integration.js';
import type { ServiceAction } from '../service-integration.js';
import { fnv64, parametersObject } from '../task-input.js';
import { inStatesTerms, type SageMakerApi, type TaskRoles } from './sagemaker-api.js';
import { TASK_TOKEN_TAG } from './sagemaker-jobs.js';

export interface HostingTaskDeps {
  readonly sagemaker: SageMakerApi;
  /** Read to find what an earlier call with the same token created. */
  readonly endpoints: EndpointCatalog;
  readonly region: string;
  /** The execution's role as a principal: each door call is made as it; absent, as the local user. */
  readonly roles?: TaskRoles;
}

/** The door call's caller: the execution's role when it names a principal, else none (the local user). */
const callerOf = (deps: HostingTaskDeps, call: TaskCall) => deps.roles?.callerOf(call.roleArn);

type Tagged = { readonly tags: readonly { readonly Key: string; readonly Value: string }[] } | undefined;

/** What each create action makes: its name field, its ARN's resource type, and how to read it back. */
const CREATES = {
  CreateModel: { field: 'ModelName', type: 'model', answer: 'ModelArn', read: (c: EndpointCatalog, n: string) => c.getModel(n) },
  CreateEndpointConfig: {
    field: 'EndpointConfigName',
    type: 'endpoint-config',
    answer: 'EndpointConfigArn',
    read: (c: EndpointCatalog, n: string) => c.getEndpointConfig(n),
  },
  CreateEndpoint: {
    field: 'EndpointName',
    type: 'endpoint',
    answer: 'EndpointArn',
    read: (c: EndpointCatalog, n: string) => c.getEndpoint(n),
  },
} as const;

/**
 * `createModel`, `createEndpointConfig`, `createEndpoint`: the SageMaker door's action with the
 * call's idempotency token added as a tag. When the call fails and the resource exists carrying
 * that token, an earlier call of the same task created it (the engine restarted between the
 * create and its record): the task answers the resource's ARN, as the first call would have.
 */
export function createAction(action: keyof typeof CREATES, deps: HostingTaskDeps): ServiceAction {
  const { field, type, answer, read } = CREATES[action];
  return {
    suffixes: [''],
    delivery: 'exactly-once',
    async invoke(call) {
      const request = parametersObject(call);
      const tags = Array.isArray(request.Tags) ? request.Tags.filter((t) => !isTokenTag(t)) : [];
      const tagged = { ...request, Tags: [...tags, { Key: TASK_TOKEN_TAG, Value: call.idempotencyToken }] };
      try {
        const caller = await callerOf(deps, call);
        return (await inStatesTerms(() => deps.sagemaker.call(action, tagged, caller))) as Json;
      } catch (err) {
        const name = typeof request[field] === 'string' ? (request[field] as string) : undefined;
        const existing: Tagged = name === undefined ? undefined : await read(deps.endpoints, name);
        if (existing?.tags.some((t) => t.Key === TASK_TOKEN_TAG && t.Value === call.idempotencyToken))
          return { [answer]: arn('sagemaker', deps.region, `${type}/${name}`) };
        throw err;
      }
    },
  };
}

function isTokenTag(t: Json): boolean {
  return t !== null && typeof t === 'object' && !Array.isArray(t) && (t as { Key?: Json }).Key === TASK_TOKEN_TAG;
}

/**
 * `updateEndpoint`: when the endpoint already serves or is moving to the requested config, an
 * earlier call of this task made the update, and the task answers without updating again.
 */
export function updateEndpointAction(deps: HostingTaskDeps): ServiceAction {
  return {
    suffixes: [''],
    delivery: 'exactly-once',
    async invoke(call) {
      const request = parametersObject(call);
      const name = String(request.EndpointName ?? '');
      const current = name === '' ? undefined : await deps.endpoints.getEndpoint(name);
      const target = current?.pendingConfigName ?? current?.configName;
      if (current && target === request.EndpointConfigName && current.status !== 'Failed')
        return { EndpointArn: arn('sagemaker', deps.region, `endpoint/${name}`) };
      const caller = await callerOf(deps, call);
      return (await inStatesTerms(() => deps.sagemaker.call('UpdateEndpoint', request, caller))) as Json;
    },
  };
}

/**
 * `startPipelineExecution`: SageMaker's own idempotency does the work. Without a
 * `ClientRequestToken` the call's idempotency token becomes one (36 characters, within
 * SageMaker's 32–128), so a repeated call returns the execution the first one started.
 */
export function startPipelineAction(deps: HostingTaskDeps): ServiceAction {
  return {
    suffixes: [''],
    delivery: 'exactly-once',
    async invoke(call: TaskCall) {
      const request = parametersObject(call);
      const token = request.ClientRequestToken ?? pipelineToken(call.idempotencyToken);
      const caller = await callerOf(deps, call);
      return (await inStatesTerms(() =>
        deps.sagemaker.call('StartPipelineExecution', { ...request, ClientRequestToken: token }, caller),
      )) as Json;
    },
  };
}

export const pipelineToken = (token: string) => `wf-${fnv64(token)}-${fnv64(`${token}#`)}`;

/**
 * An SDK call passed to the door as is (`aws-sdk:sagemaker:createModelPackage`). At least once:
 * the registry has no client token, so a call repeated after a restart may add a second version.
 */
export function passThroughAction(action: string, deps: HostingTaskDeps): ServiceAction {
  return {
    suffixes: [''],
    delivery: 'at-least-once',
    async invoke(call) {
      const caller = await callerOf(deps, call);
      return (await inStatesTerms(() => deps.sagemaker.call(action, parametersObject(call), caller))) as Json;
    },
  };
}
