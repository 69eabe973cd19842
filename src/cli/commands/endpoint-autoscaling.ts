import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AutoscalingDeps } from '../../autoscaling/autoscaling-service.js';
import type { PolicyConfiguration, TargetKey } from '../../autoscaling/scaling-records.js';
import { systemClock } from '../../core/clock.js';
import type { Metadata } from '../../meta/index.js';
import { type CliIo, EXIT, UsageError } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { endpointsAutoscalingOptions } from '../spec/endpoint-autoscaling-spec.js';
import { integer } from './endpoint-flags.js';

export type AutoscalingValues = Values<typeof endpointsAutoscalingOptions>;

/** What every action but `simulate` works with: the library's dependencies over the home's metadata, and the target. */
export interface TargetCall {
  readonly deps: AutoscalingDeps;
  readonly metadata: Metadata;
  readonly endpoint: string;
  readonly key: TargetKey;
  readonly values: AutoscalingValues;
  readonly io: CliIo;
}

/** `godwit endpoints autoscaling ACTION [ENDPOINT]`: one handler per action, all over recorded state. */
export const endpointsAutoscalingCommand: Handler<typeof endpointsAutoscalingOptions> = {
  run: async ({ values, positionals: [action, endpoint], io }) => {
    if (action === 'simulate') {
      const { simulate } = await import('./endpoint-autoscaling-simulate.js');
      return simulate(endpoint, values, io);
    }
    if (endpoint === undefined) throw new UsageError(`autoscaling ${action} needs the ENDPOINT it works on.`);
    const show = await import('./endpoint-autoscaling-show.js');
    return withMetadata(io, async (metadata) => {
      const call: TargetCall = {
        deps: depsOf(metadata),
        metadata,
        endpoint,
        key: await targetOf(metadata, endpoint, values.variant),
        values,
        io,
      };
      switch (action) {
        case 'register':
          return show.register(call);
        case 'deregister':
          return show.deregister(call);
        case 'policy':
          return show.policy(call, values.delete ? undefined : await policyFrom(values, io.cwd));
        case 'describe':
          return show.describe(call);
        default:
          return show.activities(call);
      }
    }).then((code) => code ?? EXIT.ok);
  },
};

export const depsOf = (metadata: Metadata): AutoscalingDeps => ({
  autoscaling: metadata.autoscaling,
  endpoints: metadata.endpoints,
  alarms: metadata.alarms,
  clock: systemClock,
});

/** The variant's target: `--variant`, or the endpoint's one production variant. */
export async function targetOf(metadata: Metadata, endpoint: string, variant: string | undefined): Promise<TargetKey> {
  const { variantTarget } = await import('../../autoscaling/scaling-records.js');
  if (variant !== undefined) return variantTarget(endpoint, variant);
  const record = await metadata.endpoints.getEndpoint(endpoint);
  const config = record && (await metadata.endpoints.getEndpointConfig(record.configName));
  const names = config?.productionVariants.map((v) => v.variantName) ?? [];
  if (names.length !== 1) {
    throw new UsageError(
      record
        ? `Endpoint "${endpoint}" has ${names.length} production variants (${names.join(', ')}): name one with --variant.`
        : `Could not find endpoint "${endpoint}".`,
    );
  }
  return variantTarget(endpoint, names[0]);
}

/**
 * The policy the flags describe: `--target N` (target tracking on SageMakerVariantInvocationsPerInstance,
 * with the cooldown flags) or `--config FILE` in AWS's shape; read by the same reader as the door.
 */
export async function policyFrom(values: AutoscalingValues, cwd: string): Promise<PolicyConfiguration> {
  const { readPolicyConfiguration } = await import('../../autoscaling/policy-document.js');
  if ((values.target === undefined) === (values.config === undefined)) {
    throw new UsageError('Give the policy as --target N (requests per instance and minute) or as --config FILE.');
  }
  if (values.config !== undefined) {
    const text = await readFile(resolve(cwd, values.config), 'utf8');
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--config ${values.config} is not JSON: ${(err as Error).message}`);
    }
    return readPolicyConfiguration(typeof doc.PolicyType === 'string' ? doc.PolicyType : undefined, doc);
  }
  const target = Number(values.target);
  if (!Number.isFinite(target)) throw new UsageError(`--target must be a number, not "${values.target}".`);
  return readPolicyConfiguration('TargetTrackingScaling', {
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: target,
      PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      ...(values['scale-out-cooldown'] !== undefined && {
        ScaleOutCooldown: integer(values['scale-out-cooldown'], '--scale-out-cooldown'),
      }),
      ...(values['scale-in-cooldown'] !== undefined && {
        ScaleInCooldown: integer(values['scale-in-cooldown'], '--scale-in-cooldown'),
      }),
      ...(values['disable-scale-in'] && { DisableScaleIn: true }),
    },
  });
}
