import type { Target } from '../../../events/bus/eventbridge-records.js';
import { type Input, integerIfGiven, invalid, optionalObject, optionalString, requiredString } from './events-input.js';

/** Target fields of services Godwit has no local counterpart for: refused by name, never dropped. */
const FOREIGN = [
  'KinesisParameters',
  'RunCommandParameters',
  'EcsParameters',
  'BatchParameters',
  'SqsParameters',
  'HttpParameters',
  'RedshiftDataParameters',
  'AppSyncParameters',
] as const;

/** A request's `Target` as the service's. */
export function targetOf(t: Input): Target {
  const foreign = FOREIGN.find((f) => t[f] !== undefined);
  if (foreign)
    throw invalid(
      `Target field ${foreign} names a service Godwit does not run locally; targets here are pipelines, state machines, buses and commands.`,
    );
  const transformer = optionalObject(t, 'InputTransformer');
  const pipeline = optionalObject(t, 'SageMakerPipelineParameters');
  const retry = optionalObject(t, 'RetryPolicy');
  const deadLetter = optionalObject(t, 'DeadLetterConfig');
  const list = pipeline?.PipelineParameterList;
  if (list !== undefined && !Array.isArray(list))
    throw invalid('SageMakerPipelineParameters.PipelineParameterList must be a list.');
  return {
    id: requiredString(t, 'Id'),
    arn: requiredString(t, 'Arn'),
    roleArn: optionalString(t, 'RoleArn'),
    input: optionalString(t, 'Input'),
    inputPath: optionalString(t, 'InputPath'),
    inputTransformer: transformer && {
      inputPathsMap: optionalObject(transformer, 'InputPathsMap') as Record<string, string> | undefined,
      inputTemplate: requiredString(transformer, 'InputTemplate'),
    },
    sageMakerPipelineParameters: (list as Input[] | undefined)?.map((p) => ({
      name: requiredString(p, 'Name'),
      value: requiredString(p, 'Value'),
    })),
    retryPolicy: retry && {
      maximumRetryAttempts: integerIfGiven(retry, 'MaximumRetryAttempts', 0, 185) ?? 185,
      maximumEventAgeInSeconds: integerIfGiven(retry, 'MaximumEventAgeInSeconds', 60, 86_400) ?? 86_400,
    },
    deadLetterConfig: deadLetter && { arn: optionalString(deadLetter, 'Arn') },
  };
}

/** The service's target in EventBridge's shape. */
export const targetJson = (t: Target) => ({
  Id: t.id,
  Arn: t.arn,
  RoleArn: t.roleArn,
  Input: t.input,
  InputPath: t.inputPath,
  InputTransformer: t.inputTransformer && {
    InputPathsMap: t.inputTransformer.inputPathsMap,
    InputTemplate: t.inputTransformer.inputTemplate,
  },
  SageMakerPipelineParameters: t.sageMakerPipelineParameters && {
    PipelineParameterList: t.sageMakerPipelineParameters.map((p) => ({ Name: p.name, Value: p.value })),
  },
  RetryPolicy: t.retryPolicy && {
    MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts,
    MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeInSeconds,
  },
  DeadLetterConfig: t.deadLetterConfig,
});
