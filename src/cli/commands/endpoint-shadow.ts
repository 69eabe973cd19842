import { randomBytes } from 'node:crypto';
import { systemClock } from '../../core/clock.js';
import { notFound } from '../../endpoints/endpoint-errors.js';
import { createModel } from '../../endpoints/endpoints.js';
import { containerFor } from '../../endpoints/model-source.js';
import type { ExperimentRecord } from '../../experiments/experiment-records.js';
import { createExperiment } from '../../experiments/experiments.js';
import type { Metadata } from '../../meta/index.js';
import { type CliIo, EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { endpointsShadowOptions, SHADOW_ACTIONS } from '../spec/endpoint-shadow-specs.js';
import { announceServing, integer } from './endpoint-flags.js';
import { promote, simpleChange } from './endpoint-shadow-change.js';
import { describeText, list, report } from './endpoint-shadow-show.js';

export type ShadowValues = Values<typeof endpointsShadowOptions>;
type Action = (typeof SHADOW_ACTIONS)[number];

/** Which flags each action reads; any other is a usage error rather than silently ignored. */
const FLAGS: Readonly<Record<Action, readonly string[]>> = {
  create: [
    'endpoint',
    'model',
    'model-name',
    'image',
    'variant',
    'production',
    'sampling',
    'duration',
    'start',
    'end',
    'instance-count',
    'instance-type',
    'description',
    'role',
    'serve',
    'port',
  ],
  describe: [],
  list: ['endpoint'],
  report: ['endpoint', 'tolerance', 'problem', 'since'],
  promote: ['instance-count', 'reason', 'wait', 'canary', 'linear', 'bake', 'alarm'],
  stop: ['cancel', 'reason', 'wait'],
  start: [],
  delete: [],
};

/** `godwit endpoints shadow ACTION [NAME]`: one verb per shadow-test action, over the experiments library. */
export const endpointShadow: Handler<typeof endpointsShadowOptions> = {
  run: async ({ values, positionals: [action, name], io }) => {
    const act = action as Action;
    const stray = Object.keys(values).filter(
      (k) => values[k as keyof ShadowValues] !== undefined && k !== 'json' && !FLAGS[act].includes(k),
    );
    if (stray.length > 0)
      throw new UsageError(`godwit endpoints shadow ${act} does not take ${stray.map((s) => `--${s}`).join(', ')}.`);
    const named = act === 'list' || (act === 'report' && values.endpoint !== undefined);
    if (!named && name === undefined) throw new UsageError(`godwit endpoints shadow ${act} needs the shadow test's NAME.`);
    if (named && name !== undefined && act === 'report')
      throw new UsageError('Give NAME (one shadow test) or --endpoint (every shadow of it), not both.');
    if (act === 'create') return create(name as string, values, io);
    if (act === 'list') return list(values, io);
    if (act === 'report') return report(name, values, io);
    if (act === 'promote') return promote(name as string, values, io);
    return simpleChange(act as 'describe' | 'stop' | 'start' | 'delete', name as string, values, io);
  },
};

async function create(name: string, values: ShadowValues, io: CliIo): Promise<number> {
  if (values.endpoint === undefined) throw new UsageError('Name the endpoint to test on: --endpoint ENDPOINT.');
  if ((values.model === undefined) === (values['model-name'] === undefined))
    throw new UsageError(
      'Say what the shadow serves: --model SOURCE (a folder, URI or registry reference) or --model-name MODEL.',
    );
  const made = await withMetadata(io, (metadata) => record(metadata, name, values, io));
  if (values.json) json(io, made);
  else write(io.stdout, `Shadow test "${name}" recorded (${made.status}).\n${describeText(made)}`);
  await announceServing(io, made.endpointName, values.serve, values.port);
  return EXIT.ok;
}

async function record(metadata: Metadata, name: string, values: ShadowValues, io: CliIo): Promise<ExperimentRecord> {
  const endpointName = values.endpoint as string;
  const endpoint = await metadata.endpoints.getEndpoint(endpointName);
  if (!endpoint) throw notFound('endpoint', endpointName);
  const config = await metadata.endpoints.getEndpointConfig(endpoint.pendingConfigName ?? endpoint.configName);
  const variants = config?.productionVariants ?? [];
  const production = values.production ?? (variants.length === 1 ? variants[0].variantName : undefined);
  if (production === undefined)
    throw new UsageError(
      `Endpoint "${endpointName}" has ${variants.length} production variants: say which to shadow with --production (${variants.map((v) => v.variantName).join(', ')}).`,
    );
  const source = variants.find((v) => v.variantName === production);
  const state = endpoint.variants.find((v) => v.variantName === production);
  const shadow = values.variant ?? 'Shadow';
  const instanceType = values['instance-type'] ?? 'ml.m5.xlarge';
  const now = systemClock.now();
  const startTime = values.start === undefined ? undefined : time(values.start, '--start');
  if (values.end !== undefined && values.duration !== undefined) throw new UsageError('Give --end or --duration, not both.');
  const endTime =
    values.end !== undefined
      ? time(values.end, '--end')
      : values.duration !== undefined
        ? new Date((startTime ?? now).getTime() + age(values.duration))
        : undefined;
  const sampling = values.sampling === undefined ? 100 : integer(values.sampling, '--sampling');
  const modelName = values['model-name'] ?? (await shadowModel(metadata, endpointName, shadow, values, io));
  return createExperiment(metadata, systemClock, {
    name,
    ...(values.description !== undefined && { description: values.description }),
    roleArn: values.role ?? 'arn:aws:iam::000000000000:role/godwit',
    endpointName,
    modelVariants: [
      {
        variantName: production,
        modelName: source?.modelName ?? '',
        instanceType: source?.instanceType ?? instanceType,
        instanceCount: state?.instanceCount ?? source?.initialInstanceCount ?? 1,
      },
      {
        variantName: shadow,
        modelName,
        instanceType,
        instanceCount: integer(values['instance-count'] ?? '1', '--instance-count'),
      },
    ],
    productionVariant: production,
    shadowVariant: shadow,
    samplingPercentage: sampling,
    ...(startTime && { startTime }),
    ...(endTime && { endTime }),
  });
}

/** A SageMaker model for `--model`, named after the endpoint and variant with a time stamp. */
async function shadowModel(
  metadata: Metadata,
  endpoint: string,
  variant: string,
  values: ShadowValues,
  io: CliIo,
): Promise<string> {
  const stamp = `${systemClock.now().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const name = `${endpoint.slice(0, 20)}-${variant.slice(0, 20)}-${stamp}`;
  await createModel(metadata, { name, containers: [containerFor(values.model as string, io.cwd, values.image)] });
  return name;
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function age(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`--duration must be an age such as 30m, 6h or 7d, not "${text}".`);
  return Number(m[1]) * UNITS[m[2]];
}

function time(text: string, flag: string): Date {
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !Number.isFinite(at))
    throw new UsageError(`${flag} must be an ISO time (2026-12-06T09:00Z), not "${text}".`);
  return new Date(at);
}
