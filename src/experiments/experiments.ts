import type { AlarmService } from '../alarms/alarm-records.js';
import type { Clock } from '../core/clock.js';
import type { DeploymentConfig } from '../endpoints/deployment-config.js';
import { notFound } from '../endpoints/endpoint-errors.js';
import type { EndpointsDeps } from '../endpoints/endpoints.js';
import { experimentNotFound, invalid, wrongState } from './experiment-errors.js';
import type {
  ExperimentCatalog,
  ExperimentRecord,
  ExperimentStorage,
  ExperimentVariant,
  NewExperimentRecord,
  StopRequest,
  VariantAction,
} from './experiment-records.js';
import {
  checkActions,
  checkDescription,
  checkEndpointName,
  checkName,
  checkRole,
  checkRoles,
  checkSampling,
  checkSchedule,
  checkStorage,
  checkVariants,
  DEFAULT_DURATION_MS,
  experimentProblems,
} from './experiment-validation.js';

/**
 * The experiments library: what the SageMaker door's inference-experiment actions and
 * `godwit endpoints shadow …` call. Each call checks SageMaker's rules and records the change;
 * the server's experiment runner then changes the endpoint (`experiment-steps.ts`).
 */
export interface ExperimentsDeps extends EndpointsDeps {
  readonly experiments: ExperimentCatalog;
  /** Where a guarded promotion's rollback alarms are looked up (the server's and the CLI's metadata have them). */
  readonly alarms?: Pick<AlarmService, 'get'>;
}

export interface NewExperiment {
  readonly name: string;
  readonly description?: string;
  readonly roleArn: string;
  readonly endpointName: string;
  readonly modelVariants: readonly ExperimentVariant[];
  readonly productionVariant: string;
  readonly shadowVariant: string;
  readonly samplingPercentage: number;
  /** Now unless given; a start in the past starts at once. */
  readonly startTime?: Date;
  /** Seven days after the start unless given; at most 30 days after it. */
  readonly endTime?: Date;
  readonly dataStorage?: ExperimentStorage;
  readonly kmsKey?: string;
  readonly tags?: NewExperimentRecord['tags'];
}

const HINT =
  'A shadow test names an endpoint, its production variant and a shadow variant (both in ModelVariants), a sampling percentage of 1–100 and a schedule of at most 30 days.';

export async function createExperiment(deps: ExperimentsDeps, clock: Clock, input: NewExperiment): Promise<ExperimentRecord> {
  const now = clock.now();
  const startTime = input.startTime ?? now;
  const endTime = input.endTime ?? new Date(startTime.getTime() + DEFAULT_DURATION_MS);
  const p = experimentProblems();
  checkName(p, input.name);
  checkRole(p, input.roleArn);
  checkEndpointName(p, input.endpointName);
  checkDescription(p, input.description);
  checkVariants(p, 'modelVariants', input.modelVariants, 1);
  checkRoles(p, input.modelVariants, input.productionVariant, input.shadowVariant);
  checkSampling(p, input.samplingPercentage);
  checkSchedule(p, startTime, endTime, now);
  checkStorage(p, input.dataStorage);
  p.throwIfAny(HINT);
  await checkAgainstEndpoint(deps, input);
  return deps.experiments.create({
    name: input.name,
    type: 'ShadowMode',
    ...(input.description !== undefined && { description: input.description }),
    roleArn: input.roleArn,
    endpointName: input.endpointName,
    modelVariants: input.modelVariants,
    productionVariant: input.productionVariant,
    shadowVariant: input.shadowVariant,
    samplingPercentage: input.samplingPercentage,
    startTime,
    endTime,
    ...(input.dataStorage !== undefined && { dataStorage: input.dataStorage }),
    ...(input.kmsKey !== undefined && { kmsKey: input.kmsKey }),
    tags: input.tags ?? [],
  });
}

/**
 * The source variant must be a production variant of the endpoint as it is now, serving the model
 * ModelVariants names for it (a shadow test compares against what production serves, not another
 * model); the shadow's name must be free there and its model must exist.
 */
async function checkAgainstEndpoint(deps: ExperimentsDeps, input: NewExperiment): Promise<void> {
  const endpoint = await deps.endpoints.getEndpoint(input.endpointName);
  if (!endpoint || endpoint.status === 'Deleting') throw notFound('endpoint', input.endpointName);
  const config = await deps.endpoints.getEndpointConfig(endpoint.pendingConfigName ?? endpoint.configName);
  const production = config?.productionVariants ?? [];
  const names = production.map((v) => v.variantName).join(', ');
  const source = production.find((v) => v.variantName === input.productionVariant);
  const wanted = input.modelVariants.find((v) => v.variantName === input.productionVariant);
  const shadow = input.modelVariants.find((v) => v.variantName === input.shadowVariant);
  const problems: string[] = [];
  if (!source)
    problems.push(
      `Variant "${input.productionVariant}" is not a production variant of endpoint "${input.endpointName}" (its production variants: ${names})`,
    );
  else if (wanted && wanted.modelName !== source.modelName)
    problems.push(
      `Production variant "${source.variantName}" of endpoint "${input.endpointName}" serves model "${source.modelName}", not "${wanted.modelName}"`,
    );
  if (production.some((v) => v.variantName === input.shadowVariant))
    problems.push(
      `Shadow variant name "${input.shadowVariant}" is already a production variant of endpoint "${input.endpointName}"`,
    );
  if (problems.length > 0)
    throw invalid(problems, `See the endpoint's variants with: godwit endpoint describe ${input.endpointName}`);
  if (shadow && !(await deps.endpoints.getModel(shadow.modelName))) throw notFound('model', shadow.modelName);
}

export async function describeExperiment(deps: ExperimentsDeps, name: string): Promise<ExperimentRecord> {
  const found = await deps.experiments.get(name);
  if (!found) throw experimentNotFound(name);
  return found;
}

/** StartInferenceExperiment: a Created experiment starts now rather than at its start time. */
export async function startExperiment(deps: ExperimentsDeps, clock: Clock, name: string): Promise<ExperimentRecord> {
  const e = await describeExperiment(deps, name);
  if (e.status !== 'Created') throw wrongState(e, 'start', ['Created']);
  const now = clock.now();
  if (e.endTime <= now)
    throw invalid(
      [`Inference experiment "${name}" ends at ${e.endTime.toISOString()}, which has passed`],
      'Give it a later Schedule.EndTime first.',
    );
  return deps.experiments.change(name, ['Created'], { status: 'Starting', startTime: now });
}

export interface StopInput {
  readonly actions: Readonly<Record<string, VariantAction>>;
  readonly desiredVariants?: readonly ExperimentVariant[];
  readonly desiredState?: 'Completed' | 'Cancelled';
  readonly reason?: string;
  /** A guarded update for the stop (Godwit's; StopInferenceExperiment has no such field). */
  readonly deploymentConfig?: DeploymentConfig;
}

/**
 * StopInferenceExperiment. A Running experiment becomes Stopping and the runner moves the endpoint
 * as `actions` say (the shadow Promoted in the production variant's place, Removed, or Retained);
 * a Created one ends at once without touching the endpoint (nothing ran, so nothing to promote).
 */
export async function stopExperiment(
  deps: ExperimentsDeps,
  clock: Clock,
  name: string,
  input: StopInput,
): Promise<ExperimentRecord> {
  const e = await describeExperiment(deps, name);
  const stop = checkStop(e, input);
  const now = clock.now();
  if (e.status === 'Created') {
    if (Object.values(stop.actions).includes('Promote'))
      throw invalid(
        [`Inference experiment "${name}" has not started, so its shadow variant cannot be promoted`],
        'Start it first, or stop it with Remove.',
      );
    return deps.experiments.change(name, ['Created'], {
      status: input.desiredState ?? 'Cancelled',
      stop,
      completionTime: now,
      statusReason: input.reason,
    });
  }
  if (e.status !== 'Running') throw wrongState(e, 'stop', ['Created', 'Running']);
  // The window's end (`stoppedAt`) is stamped by the runner, on the server's clock: this caller's may differ.
  return deps.experiments.change(name, ['Running'], { status: 'Stopping', stop, statusReason: input.reason });
}

/** The actions a stop may take: the production variant is Retained or Removed, the shadow Promoted, Removed or Retained. */
function checkStop(e: ExperimentRecord, input: StopInput): StopRequest {
  const p = experimentProblems();
  checkActions(p, input.actions, [e.productionVariant, e.shadowVariant]);
  checkVariants(p, 'desiredModelVariants', input.desiredVariants ?? [], 0);
  const actions = { [e.productionVariant]: 'Retain', [e.shadowVariant]: 'Remove', ...input.actions } as Record<
    string,
    VariantAction
  >;
  const [prod, shadow] = [actions[e.productionVariant], actions[e.shadowVariant]];
  if (prod === 'Promote') p.say(`Variant "${e.productionVariant}" is already the production variant: give it Retain or Remove`);
  if (prod === 'Remove' && shadow !== 'Promote')
    p.say(`Removing production variant "${e.productionVariant}" needs the shadow "${e.shadowVariant}" promoted in its place`);
  if (shadow === 'Promote' && prod !== 'Remove')
    p.say(`Promoting "${e.shadowVariant}" replaces production variant "${e.productionVariant}": give it Remove`);
  for (const d of input.desiredVariants ?? [])
    if (d.variantName !== e.productionVariant && d.variantName !== e.shadowVariant)
      p.say(`DesiredModelVariants names variant "${d.variantName}", which is not in the experiment`);
  p.throwIfAny('Promote: {shadow: Promote, production: Remove}; end without promoting: {shadow: Remove}.');
  return {
    actions,
    desiredVariants: input.desiredVariants ?? [],
    desiredState: input.desiredState ?? 'Completed',
    ...(input.reason !== undefined && { reason: input.reason }),
    ...(input.deploymentConfig !== undefined && { deploymentConfig: input.deploymentConfig }),
  };
}

export interface ExperimentUpdate {
  readonly description?: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly modelVariants?: readonly ExperimentVariant[];
  readonly samplingPercentage?: number;
  readonly dataStorage?: ExperimentStorage;
}

/**
 * UpdateInferenceExperiment. A Created experiment may change anything; a Running one only its
 * end time and description (its endpoint already runs the shadow), as SageMaker allows.
 */
export async function updateExperiment(
  deps: ExperimentsDeps,
  clock: Clock,
  name: string,
  input: ExperimentUpdate,
): Promise<ExperimentRecord> {
  const e = await describeExperiment(deps, name);
  if (e.status !== 'Created' && e.status !== 'Running') throw wrongState(e, 'update', ['Created', 'Running']);
  const p = experimentProblems();
  if (e.status === 'Running') {
    const fixed = (['startTime', 'modelVariants', 'samplingPercentage', 'dataStorage'] as const).filter(
      (f) => input[f] !== undefined,
    );
    if (fixed.length > 0)
      p.say(
        `Inference experiment "${name}" is Running: only Schedule.EndTime and Description can change (not ${fixed.join(', ')})`,
      );
  }
  const next = { ...e, ...definedOf(input) };
  checkDescription(p, next.description);
  checkVariants(p, 'modelVariants', next.modelVariants, 1);
  checkRoles(p, next.modelVariants, next.productionVariant, next.shadowVariant);
  checkSampling(p, next.samplingPercentage);
  checkSchedule(p, next.startTime, next.endTime, clock.now());
  checkStorage(p, next.dataStorage);
  p.throwIfAny(HINT);
  if (e.status === 'Created') await checkAgainstEndpoint(deps, { ...next, tags: [...next.tags] });
  return deps.experiments.change(name, [e.status], definedOf(input));
}

export async function deleteExperiment(deps: ExperimentsDeps, name: string): Promise<ExperimentRecord> {
  const e = await describeExperiment(deps, name);
  await deps.experiments.delete(name);
  return e;
}

function definedOf<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
