import { systemClock } from '../../core/clock.js';
import { redeployModel } from '../../endpoints/deploy-model.js';
import { updateEndpoint, updateWeightsAndCapacities } from '../../endpoints/endpoints.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointUpdateOptions } from '../spec/endpoint-catalog-specs.js';
import { announceServing, deploymentOf, integer } from './endpoint-flags.js';
import { deploymentConfigOf } from './rollout-flags.js';

/** `godwit endpoint update NAME`: a new config (UpdateEndpoint), or new weights and counts. */
export const endpointUpdate: Handler<typeof endpointUpdateOptions> = {
  run: async ({ values, positionals: [name], io }) => {
    const changes = variantChanges(values.weight ?? [], values.instances ?? []);
    const made = await withMetadata(io, async (metadata) => {
      const deployment = deploymentOf(name, values, io.cwd);
      const sources = [deployment !== undefined, values.config !== undefined, changes.length > 0].filter(Boolean).length;
      if (sources !== 1) {
        throw new UsageError('Give exactly one of: --model/--variant (new models), --config CONFIG, or --weight/--instances.');
      }
      const guarded = { deploymentConfig: deploymentConfigOf(values), alarms: metadata.alarms };
      if (changes.length > 0) {
        if (guarded.deploymentConfig) throw new UsageError('--traffic guards a new config, not --weight/--instances.');
        return { endpoint: await updateWeightsAndCapacities(metadata, name, changes), modelNames: [] };
      }
      if (values.config !== undefined)
        return { endpoint: await updateEndpoint(metadata, name, values.config, guarded), modelNames: [] };
      return redeployModel(metadata, systemClock, deployment as NonNullable<typeof deployment>, guarded);
    });
    const target = made.endpoint.pendingConfigName;
    if (!values.json) {
      write(
        io.stdout,
        `Endpoint "${name}" is ${made.endpoint.status}${target ? ` to config ${target}` : ': new weights and instance counts'}.`,
      );
    }
    const server = await announceServing(io, name, values.serve, values.port);
    if (values.json) json(io, { ...made, server: server ?? null });
    return EXIT.ok;
  },
};

/** `--weight Blue=3` and `--instances Blue=2` as one change per variant. */
function variantChanges(weights: readonly string[], counts: readonly string[]) {
  const byVariant = new Map<string, { variantName: string; weight?: number; instanceCount?: number }>();
  const pair = (text: string, flag: string) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} "${text}" must read VARIANT=VALUE.`);
    const variantName = text.slice(0, at);
    const change = byVariant.get(variantName) ?? { variantName };
    byVariant.set(variantName, change);
    return { change, value: text.slice(at + 1) };
  };
  for (const w of weights) {
    const { change, value } = pair(w, '--weight');
    change.weight = Number(value);
    if (value === '' || !Number.isFinite(change.weight)) throw new UsageError(`--weight "${w}": the weight must be a number.`);
  }
  for (const c of counts) {
    const { change, value } = pair(c, '--instances');
    change.instanceCount = integer(value, '--instances');
  }
  return [...byVariant.values()];
}
