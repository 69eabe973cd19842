/**
 * The four job-definition kinds, one set of actions each (`Create|Describe|Delete|List` ×
 * `DataQuality|ModelQuality|ModelBias|ModelExplainability` `JobDefinition`): the request's fields
 * are kept as sent and echoed by Describe, as SageMaker does.
 */
import { arn } from '../../../core/arns.js';
import type { MonitoringType } from '../../../monitor/monitoring-job.js';
import type { JobDefinitionRecord } from '../../../monitor/schedules/schedule-records.js';
import { createJobDefinition, describeJobDefinition } from '../../../monitor/schedules/schedules.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { type Input, optionalString, requiredString } from '../aws-input.js';
import { tags } from './hosting-input.js';
import { epochSeconds, listPage } from './list-request.js';
import { inMonitoringTerms, monitoringDeps } from './monitoring-terms.js';

type Action = (input: Input, context: ServerContext, req: ServerRequest) => Promise<unknown>;

const KEBAB: Readonly<Record<MonitoringType, string>> = {
  DataQuality: 'data-quality',
  ModelQuality: 'model-quality',
  ModelBias: 'model-bias',
  ModelExplainability: 'model-explainability',
};

export const jobDefinitionArn = (region: string, type: MonitoringType, name: string) =>
  arn('sagemaker', region, `${KEBAB[type]}-job-definition/${name}`);

/** The request's fields Godwit keeps: everything but the name and tags. */
const OWN = (type: MonitoringType) => [
  `${type}BaselineConfig`,
  `${type}AppSpecification`,
  `${type}JobInput`,
  `${type}JobOutputConfig`,
  'JobResources',
  'NetworkConfig',
  'RoleArn',
  'StoppingCondition',
];

export function createDefinitionAction(type: MonitoringType): Action {
  return async (input, context, req) => {
    const name = requiredString(input, 'JobDefinitionName');
    const definition = Object.fromEntries(
      OWN(type)
        .filter((f) => input[f] !== undefined)
        .map((f) => [f, input[f]]),
    );
    await inMonitoringTerms(() => createJobDefinition(monitoringDeps(context), { name, type, definition, tags: tags(input) }));
    return { JobDefinitionArn: jobDefinitionArn(req.region, type, name) };
  };
}

export function describeDefinitionAction(type: MonitoringType): Action {
  return async (input, context, req) => {
    const name = requiredString(input, 'JobDefinitionName');
    const d = await inMonitoringTerms(() => describeJobDefinition(monitoringDeps(context), type, name));
    return {
      JobDefinitionArn: jobDefinitionArn(req.region, type, d.name),
      JobDefinitionName: d.name,
      CreationTime: epochSeconds(d.createdAt),
      ...d.definition,
    };
  };
}

export function deleteDefinitionAction(type: MonitoringType): Action {
  return async (input, context) => {
    const name = requiredString(input, 'JobDefinitionName');
    await inMonitoringTerms(() => monitoringDeps(context).monitoring.deleteDefinition(type, name));
    return {};
  };
}

export function listDefinitionsAction(type: MonitoringType): Action {
  return async (input, context, req) => {
    const endpoint = optionalString(input, 'EndpointName');
    const all = await monitoringDeps(context).monitoring.listDefinitions(type);
    const { items, nextToken } = listPage(
      input,
      all.filter((d) => endpoint === undefined || d.endpointName === endpoint),
      {
        name: (d: JobDefinitionRecord) => d.name,
        created: (d) => d.createdAt,
        sortBy: { CreationTime: (d) => d.createdAt.getTime(), Name: (d) => d.name },
      },
    );
    return {
      JobDefinitionSummaries: items.map((d) => ({
        MonitoringJobDefinitionName: d.name,
        MonitoringJobDefinitionArn: jobDefinitionArn(req.region, type, d.name),
        CreationTime: epochSeconds(d.createdAt),
        // Required in SageMaker's summary; a batch-transform definition has none, so it is empty.
        EndpointName: d.endpointName ?? '',
      })),
      NextToken: nextToken,
    };
  };
}

/** The action table's entries for the four kinds. */
export function jobDefinitionActions(): Record<string, Action> {
  const actions: Record<string, Action> = {};
  for (const type of Object.keys(KEBAB) as MonitoringType[]) {
    actions[`Create${type}JobDefinition`] = createDefinitionAction(type);
    actions[`Describe${type}JobDefinition`] = describeDefinitionAction(type);
    actions[`Delete${type}JobDefinition`] = deleteDefinitionAction(type);
    actions[`List${type}JobDefinitions`] = listDefinitionsAction(type);
  }
  return actions;
}
