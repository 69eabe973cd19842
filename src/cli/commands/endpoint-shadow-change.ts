import { systemClock } from '../../core/clock.js';
import type { CapacitySize, DeploymentConfig } from '../../endpoints/deployment-config.js';
import type { ExperimentRecord } from '../../experiments/experiment-records.js';
import { deleteExperiment, describeExperiment, startExperiment, stopExperiment } from '../../experiments/experiments.js';
import { promoteExperiment } from '../../experiments/promote.js';
import type { Metadata } from '../../meta/index.js';
import { findServer } from '../../server/client.js';
import { type CliIo, EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import { integer } from './endpoint-flags.js';
import type { ShadowValues } from './endpoint-shadow.js';
import { describe, describeText } from './endpoint-shadow-show.js';

/** `promote NAME`: the shadow becomes the production variant (see `promoteExperiment`). */
export async function promote(name: string, values: ShadowValues, io: CliIo): Promise<number> {
  const deploymentConfig = guardOf(values);
  const instanceCount =
    values['instance-count'] === undefined ? undefined : integer(values['instance-count'], '--instance-count');
  const done = await withMetadata(io, (metadata) =>
    promoteExperiment(metadata, systemClock, name, {
      instanceCount,
      ...(values.reason !== undefined && { reason: values.reason }),
      ...(deploymentConfig && { deploymentConfig }),
    }),
  );
  const e = done.experiment;
  const what =
    done.how === 'stop'
      ? `Shadow test "${name}" is stopping with "${e.shadowVariant}" promoted in place of "${e.productionVariant}".`
      : `Endpoint "${e.endpointName}" is updating to ${done.configName}: "${e.shadowVariant}" serves in place of "${e.productionVariant}".`;
  if (!values.json) write(io.stdout, what);
  const settled = values.wait
    ? await waitFor(io, e.name, e.endpointName, done.how === 'stop' ? undefined : done.configName)
    : undefined;
  if (values.json) json(io, { ...done, settled: settled ?? null });
  return EXIT.ok;
}

/** `describe`, `stop`, `start`, `delete`: one library call each. */
export async function simpleChange(
  action: 'describe' | 'stop' | 'start' | 'delete',
  name: string,
  values: ShadowValues,
  io: CliIo,
): Promise<number> {
  if (action === 'describe') return describe(name, values, io);
  const e = await withMetadata(io, (metadata): Promise<ExperimentRecord> => {
    if (action === 'start') return startExperiment(metadata, systemClock, name);
    if (action === 'delete') return deleteExperiment(metadata, name);
    return stopShadow(metadata, name, values);
  });
  const said = { start: 'starts now', delete: 'is deleted (its records stay)', stop: `is ${e.status}: the shadow is removed` }[
    action
  ];
  if (!values.json) write(io.stdout, `Shadow test "${name}" ${said}.\n${action === 'delete' ? '' : describeText(e)}`.trimEnd());
  const settled = action === 'stop' && values.wait ? await waitFor(io, name, e.endpointName) : undefined;
  if (values.json) json(io, settled ?? e);
  return EXIT.ok;
}

/** Ends a test early: the shadow removed, production as it is. */
async function stopShadow(metadata: Metadata, name: string, values: ShadowValues): Promise<ExperimentRecord> {
  const e = await describeExperiment(metadata, name);
  return stopExperiment(metadata, systemClock, name, {
    actions: { [e.shadowVariant]: 'Remove' },
    desiredState: values.cancel ? 'Cancelled' : 'Completed',
    ...(values.reason !== undefined && { reason: values.reason }),
  });
}

/**
 * Waits (polling every 200 ms, up to 10 minutes) until the server has finished: the experiment
 * Completed or Cancelled, or, for a promotion after the test, the endpoint InService on `configName`.
 */
async function waitFor(io: CliIo, name: string, endpoint: string, configName?: string): Promise<unknown> {
  const { server } = await findServer(homeOf(io)).catch(() => ({ server: undefined }));
  if (!server) {
    write(io.stderr, 'No Godwit server runs for this home, so nothing moves the endpoint yet; start one with: godwit server');
    return undefined;
  }
  const deadline = Date.now() + 600_000;
  const check = async (metadata: Metadata) => {
    if (configName === undefined) {
      const e = await describeExperiment(metadata, name);
      return e.status === 'Completed' || e.status === 'Cancelled' ? e : undefined;
    }
    const ep = await metadata.endpoints.getEndpoint(endpoint);
    if (!ep || ep.pendingConfigName || (ep.status !== 'InService' && ep.status !== 'Failed')) return undefined;
    // Settled elsewhere than asked: a guarded update rolled back (or the update failed).
    if (ep.configName !== configName)
      write(io.stderr, `The promotion did not take: ${ep.failureReason ?? `the endpoint serves ${ep.configName}`}`);
    return ep;
  };
  while (Date.now() < deadline) {
    const done = await withMetadata(io, check);
    if (done) {
      write(
        io.stderr,
        configName && (done as { configName?: string }).configName !== configName
          ? `Endpoint "${endpoint}" is back on ${(done as { configName?: string }).configName}.`
          : configName
            ? `Endpoint "${endpoint}" is InService on ${configName}.`
            : `Shadow test "${name}" is ${(done as ExperimentRecord).status}.`,
      );
      return done;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  write(io.stderr, `Still waiting after 10 minutes; follow it with: godwit endpoints shadow describe ${name}`);
  return undefined;
}

/** `--canary 50%`, `--linear 1`, `--bake 600`, `--alarm NAME…` as UpdateEndpoint's DeploymentConfig; none of them, a plain swap. */
export function guardOf(values: ShadowValues): DeploymentConfig | undefined {
  const alarms = values.alarm ?? [];
  if (values.canary === undefined && values.linear === undefined && values.bake === undefined && alarms.length === 0)
    return undefined;
  if (values.canary !== undefined && values.linear !== undefined) throw new UsageError('Give --canary or --linear, not both.');
  const type = values.canary !== undefined ? 'CANARY' : values.linear !== undefined ? 'LINEAR' : 'ALL_AT_ONCE';
  const trafficRouting = {
    type,
    waitIntervalInSeconds: integer(values.bake ?? '600', '--bake'),
    ...(values.canary !== undefined && { canarySize: sizeOf(values.canary, '--canary') }),
    ...(values.linear !== undefined && { linearStepSize: sizeOf(values.linear, '--linear') }),
  } as const;
  return {
    blueGreen: { trafficRouting, terminationWaitInSeconds: 0 },
    ...(alarms.length > 0 && { autoRollback: { alarms } }),
  };
}

/** `50%` is a share of the new fleet's capacity, `2` a number of instances. */
function sizeOf(text: string, flag: string): CapacitySize {
  const m = /^(\d+)(%?)$/.exec(text.trim());
  if (!m)
    throw new UsageError(`${flag} must be a percentage of the new fleet (50%) or a number of instances (1), not "${text}".`);
  return { type: m[2] ? 'CAPACITY_PERCENT' : 'INSTANCE_COUNT', value: Number(m[1]) };
}
