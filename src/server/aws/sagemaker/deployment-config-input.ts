import type { AlarmService } from '../../../alarms/alarm-records.js';
import type { CapacitySize, DeploymentConfig, TrafficRoutingType } from '../../../endpoints/deployment-config.js';
import type { AppServices } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, requiredString } from '../aws-input.js';
import { list, optionalNumber, struct } from './hosting-input.js';

/**
 * SageMaker's `DeploymentConfig` JSON ↔ the endpoints library's record, field for field. Types
 * are checked here (a wrong JSON type or a missing required field is a `ValidationException`
 * naming it); ranges, enums and capacity rules are the library's (`deployment-validation.ts`).
 */
export function deploymentConfigIn(input: Input): DeploymentConfig | undefined {
  const config = struct(input, 'DeploymentConfig');
  if (!config) return undefined;
  const bg = struct(config, 'BlueGreenUpdatePolicy');
  const rolling = struct(config, 'RollingUpdatePolicy');
  const auto = struct(config, 'AutoRollbackConfiguration');
  return {
    ...(bg && { blueGreen: blueGreenIn(bg) }),
    ...(rolling && {
      rolling: {
        maximumBatchSize: sizeIn(rolling, 'MaximumBatchSize', true) as CapacitySize,
        waitIntervalInSeconds: requiredNumber(rolling, 'WaitIntervalInSeconds'),
        ...optional(rolling, 'MaximumExecutionTimeoutInSeconds', 'maximumExecutionTimeoutInSeconds'),
        ...(rolling.RollbackMaximumBatchSize != null && {
          rollbackMaximumBatchSize: sizeIn(rolling, 'RollbackMaximumBatchSize', true),
        }),
      },
    }),
    ...(auto && { autoRollback: { alarms: list(auto, 'Alarms').map((a) => requiredString(a, 'AlarmName')) } }),
  };
}

function blueGreenIn(bg: Input): NonNullable<DeploymentConfig['blueGreen']> {
  const routing = struct(bg, 'TrafficRoutingConfiguration');
  if (!routing) throw new AwsError('ValidationException', 'BlueGreenUpdatePolicy.TrafficRoutingConfiguration is required.');
  const canary = sizeIn(routing, 'CanarySize', false);
  const linear = sizeIn(routing, 'LinearStepSize', false);
  return {
    trafficRouting: {
      type: requiredString(routing, 'Type') as TrafficRoutingType,
      waitIntervalInSeconds: requiredNumber(routing, 'WaitIntervalInSeconds'),
      ...(canary && { canarySize: canary }),
      ...(linear && { linearStepSize: linear }),
    },
    terminationWaitInSeconds: optionalNumber(bg, 'TerminationWaitInSeconds') ?? 0,
    ...optional(bg, 'MaximumExecutionTimeoutInSeconds', 'maximumExecutionTimeoutInSeconds'),
  };
}

function sizeIn(input: Input, field: string, required: boolean): CapacitySize | undefined {
  const size = struct(input, field);
  if (!size) {
    if (required) throw new AwsError('ValidationException', `${field} is required.`);
    return undefined;
  }
  return { type: requiredString(size, 'Type') as CapacitySize['type'], value: requiredNumber(size, 'Value') };
}

function requiredNumber(input: Input, field: string): number {
  const value = optionalNumber(input, field);
  if (value === undefined) throw new AwsError('ValidationException', `${field} is required.`);
  return value;
}

function optional(input: Input, field: string, key: string): Record<string, number> {
  const value = optionalNumber(input, field);
  return value === undefined ? {} : { [key]: value };
}

/** DescribeEndpoint's `LastDeploymentConfig`. */
export function deploymentConfigOut(config: DeploymentConfig | undefined) {
  if (!config || (!config.blueGreen && !config.rolling)) return undefined;
  const size = (s: CapacitySize | undefined) => s && { Type: s.type, Value: s.value };
  const bg = config.blueGreen;
  const r = config.rolling;
  return {
    BlueGreenUpdatePolicy: bg && {
      TrafficRoutingConfiguration: {
        Type: bg.trafficRouting.type,
        WaitIntervalInSeconds: bg.trafficRouting.waitIntervalInSeconds,
        CanarySize: size(bg.trafficRouting.canarySize),
        LinearStepSize: size(bg.trafficRouting.linearStepSize),
      },
      TerminationWaitInSeconds: bg.terminationWaitInSeconds,
      MaximumExecutionTimeoutInSeconds: bg.maximumExecutionTimeoutInSeconds,
    },
    RollingUpdatePolicy: r && {
      MaximumBatchSize: size(r.maximumBatchSize),
      WaitIntervalInSeconds: r.waitIntervalInSeconds,
      MaximumExecutionTimeoutInSeconds: r.maximumExecutionTimeoutInSeconds,
      RollbackMaximumBatchSize: size(r.rollbackMaximumBatchSize),
    },
    AutoRollbackConfiguration: config.autoRollback && { Alarms: config.autoRollback.alarms.map((AlarmName) => ({ AlarmName })) },
  };
}

/** The server's alarms, where rollback alarms are looked up. */
export function serverAlarms(services: Pick<AppServices, 'metadata'>): AlarmService {
  return services.metadata.alarms;
}
