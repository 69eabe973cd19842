import type { CapacitySize, DeploymentConfig } from '../../endpoints/deployment-config.js';
import { UsageError } from '../cli-io.js';
import { integer } from './endpoint-flags.js';

export interface RolloutFlagValues {
  readonly traffic?: string;
  readonly step?: string;
  readonly bake?: string;
  readonly 'termination-wait'?: string;
  readonly timeout?: string;
  readonly 'rollback-alarm'?: readonly string[];
}

const TYPES = { 'all-at-once': 'ALL_AT_ONCE', canary: 'CANARY', linear: 'LINEAR', rolling: 'rolling' } as const;

/**
 * `--traffic canary --step 30% --bake 600 --termination-wait 300 --timeout 3600 --rollback-alarm A`
 * as SageMaker's `DeploymentConfig`; undefined without `--traffic` (the update swaps in one step).
 * `--step` is a count of the new fleet's instances (`1`) or a share of it (`30%`): the canary,
 * each linear step, or each rolling batch. Ranges are the library's to check, in SageMaker's words.
 */
export function deploymentConfigOf(values: RolloutFlagValues): DeploymentConfig | undefined {
  const alarms = values['rollback-alarm'] ?? [];
  if (values.traffic === undefined) {
    const stray = (['step', 'bake', 'termination-wait', 'timeout'] as const).filter((f) => values[f] !== undefined);
    if (stray.length > 0 || alarms.length > 0)
      throw new UsageError(`--${stray[0] ?? 'rollback-alarm'} needs --traffic all-at-once|canary|linear|rolling.`);
    return undefined;
  }
  const type = TYPES[values.traffic as keyof typeof TYPES];
  if (!type) throw new UsageError(`--traffic "${values.traffic}" must be one of: ${Object.keys(TYPES).join(', ')}.`);
  const bake = values.bake === undefined ? 600 : integer(values.bake, '--bake');
  const timeout = values.timeout === undefined ? undefined : integer(values.timeout, '--timeout');
  const step = values.step === undefined ? undefined : sizeOf(values.step);
  if ((type === 'CANARY' || type === 'LINEAR' || type === 'rolling') && !step)
    throw new UsageError(`--traffic ${values.traffic} needs --step (instances, or a percentage such as 30%).`);
  const autoRollback = alarms.length > 0 ? { autoRollback: { alarms } } : {};
  if (type === 'rolling') {
    return {
      rolling: {
        maximumBatchSize: step as CapacitySize,
        waitIntervalInSeconds: bake,
        ...(timeout !== undefined && { maximumExecutionTimeoutInSeconds: timeout }),
      },
      ...autoRollback,
    };
  }
  return {
    blueGreen: {
      trafficRouting: {
        type,
        waitIntervalInSeconds: bake,
        ...(type === 'CANARY' && { canarySize: step }),
        ...(type === 'LINEAR' && { linearStepSize: step }),
      },
      terminationWaitInSeconds:
        values['termination-wait'] === undefined ? 0 : integer(values['termination-wait'], '--termination-wait'),
      ...(timeout !== undefined && { maximumExecutionTimeoutInSeconds: timeout }),
    },
    ...autoRollback,
  };
}

function sizeOf(text: string): CapacitySize {
  if (text.endsWith('%')) return { type: 'CAPACITY_PERCENT', value: integer(text.slice(0, -1), '--step') };
  return { type: 'INSTANCE_COUNT', value: integer(text, '--step') };
}
