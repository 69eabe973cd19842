import { GodwitError } from '../../core/errors.js';
import { artifactArn, lineageNames, sha256Digest } from '../../lineage/lineage-names.js';
import type { LineageEntity, LineageQuery, LineageStore } from '../../lineage/lineage-records.js';
import type { Metadata } from '../../meta/index.js';
import type { RunRecord } from '../../meta/metadata-store.js';
import type { PipelineIR, StepIR, Value } from '../../pipeline/ir.js';
import type { ApprovalEvent, ModelVersion } from '../model-registry.js';
import { flattenMetrics } from './metric-values.js';

/**
 * Everything one registered version records, with what its run and its lineage add: what
 * `godwit models show` prints, what `models diff` compares and what a model card is filled from.
 * The registry, the runs capability and lineage are read here, so the CLI only formats.
 */
export interface VersionReport {
  readonly ref: string;
  readonly version: ModelVersion;
  /** The report's numeric leaves by dotted path (`regression_metrics.mse.value`). */
  readonly metricValues: Readonly<Record<string, number>>;
  readonly approval: { readonly status: string; readonly last?: ApprovalEvent };
  /** The producing run (absent for a version registered by URI, or when the run is gone). */
  readonly run?: {
    readonly id: string;
    readonly pipeline: string;
    readonly status: string;
    readonly startedAt: string;
    readonly startedBy?: string;
    readonly parameters: Readonly<Record<string, unknown>>;
    /** The run's step metrics, `step.metric` → value. */
    readonly metrics: Readonly<Record<string, number>>;
  };
  /** The step that trained the model, and its hyperparameters as the run resolved them. */
  readonly training?: { readonly step: string; readonly hyperparameters: Readonly<Record<string, unknown>> };
  readonly lineage: VersionLineage;
}

export interface LineageNode {
  readonly arn: string;
  readonly kind: string;
  readonly type: string;
  readonly name: string;
  readonly uri?: string;
  readonly digest?: string;
  /** An action's or trial component's status. */
  readonly status?: string;
  readonly depth: number;
}

export interface VersionLineage {
  /** False when no lineage was recorded for the version (nor its model data). */
  readonly recorded: boolean;
  /** The node the walks start from: the version's ModelPackage artifact, else its model data artifact. */
  readonly start?: string;
  /** Every upstream vertex, nearest first. */
  readonly upstream: readonly LineageNode[];
  /** The upstream data sets (type `DataSet`) with their digests. */
  readonly dataSets: readonly LineageNode[];
  /** Endpoints a deployment of this version (or its model data) went to. */
  readonly endpoints: readonly LineageNode[];
}

/** `GROUP/VERSION` → its parts; anything else is a usage error saying the form. */
export function parseVersionRef(text: string): { group: string; version: number } {
  const slash = text.lastIndexOf('/');
  const version = Number(text.slice(slash + 1));
  if (slash <= 0 || !Number.isInteger(version) || version < 1) {
    throw new GodwitError('E_USAGE', `"${text}" is not GROUP/VERSION.`, {
      hint: 'Name a version as its group and number, e.g. AbaloneModelPackageGroup/3 (godwit models list GROUP shows them).',
    });
  }
  return { group: text.slice(0, slash), version };
}

/** The version, or E_MODEL_GROUP_NOT_FOUND / E_MODEL_VERSION_NOT_FOUND naming it and what exists. */
export async function requireVersion(metadata: Metadata, group: string, version: number): Promise<ModelVersion> {
  const found = await metadata.registry.getVersion(group, version);
  if (found) return found;
  const versions = await metadata.registry.listVersions(group);
  if (versions.length === 0) {
    throw new GodwitError('E_MODEL_GROUP_NOT_FOUND', `There is no model package group "${group}".`, {
      hint: 'List groups with: godwit models list',
    });
  }
  throw new GodwitError('E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${version}.`, {
    hint: `Its versions: ${versions.map((v) => v.version).join(', ')}.`,
  });
}

export async function loadVersionReport(metadata: Metadata, group: string, versionNumber: number): Promise<VersionReport> {
  const version = await requireVersion(metadata, group, versionNumber);
  const [events, run, lineage] = await Promise.all([
    metadata.registry.auditLog(group, versionNumber),
    version.runId ? metadata.store.getRun(version.runId) : undefined,
    loadLineage(metadata.lineage, version),
  ]);
  // A vote toward an approvers rule, or a change of metadata or card, leaves the status as it was.
  const last = events.filter((e) => e.kind !== 'vote' && e.kind !== 'update').at(-1);
  return {
    ref: `${group}/${versionNumber}`,
    version,
    metricValues: flattenMetrics(version.metrics),
    approval: { status: version.approvalStatus, last },
    run: run && (await runPart(metadata, run)),
    training: run && trainingOf(run, version.step),
    lineage,
  };
}

async function runPart(metadata: Metadata, run: RunRecord): Promise<VersionReport['run']> {
  const metrics = await metadata.store.listMetrics(run.id);
  return {
    id: run.id,
    pipeline: run.pipeline,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    ...(run.startedBy && { startedBy: run.startedBy }),
    parameters: run.parameters,
    metrics: Object.fromEntries(metrics.map((m) => [`${m.step}.${m.name}`, m.value])),
  };
}

/**
 * The training step behind a registration: the step whose output the register step's `model`
 * names, else the run's only training step. Its hyperparameters are shown as the run resolved
 * them: a parameter reference takes the run's value.
 */
export function trainingOf(run: Pick<RunRecord, 'ir' | 'parameters'>, registerStep?: string): VersionReport['training'] {
  const steps = run.ir.steps;
  const register = steps.find((s) => s.name === registerStep);
  const model = register && 'model' in register ? register.model : undefined;
  const named =
    model && typeof model === 'object' && model.kind === 'StepOutput' ? steps.find((s) => s.name === model.step) : undefined;
  const trainings = steps.filter((s) => s.type === 'training');
  const step: StepIR | undefined = named?.type === 'training' ? named : trainings.length === 1 ? trainings[0] : undefined;
  if (step?.type !== 'training') return undefined;
  const hyperparameters = Object.fromEntries(
    Object.entries(step.hyperparameters ?? {}).map(([k, v]) => [k, resolved(v, run.ir, run.parameters)]),
  );
  return { step: step.name, hyperparameters };
}

function resolved(value: Value, ir: PipelineIR, parameters: Readonly<Record<string, unknown>>): unknown {
  if (typeof value !== 'object') return value;
  if (value.kind === 'Parameter') return parameters[value.name] ?? ir.parameters.find((p) => p.name === value.name)?.default;
  if (value.kind === 'Join') return value.values.map((v) => String(resolved(v, ir, parameters))).join(value.on);
  // Other references are known only while the step runs: shown as what they point at.
  if (value.kind === 'StepOutput') return `{${value.step}.${value.output}}`;
  if (value.kind === 'JsonGet') return `{${value.step}.${value.propertyFile}:${value.path}}`;
  return `{${value.kind}}`;
}

const PAGE = 100;

async function walk(lineage: LineageStore, query: LineageQuery): Promise<{ arn: string; depth: number }[]> {
  const out: { arn: string; depth: number }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await lineage.query({ ...query, includeEdges: false, maxResults: PAGE, nextToken });
    out.push(...page.vertices);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

async function nodes(lineage: LineageStore, found: readonly { arn: string; depth: number }[]): Promise<LineageNode[]> {
  const entities = await Promise.all(found.map((v) => lineage.get(v.arn)));
  return found.flatMap((v, i) => {
    const e = entities[i];
    return e ? [toNode(e, v.depth)] : [];
  });
}

function toNode(e: LineageEntity, depth: number): LineageNode {
  return {
    arn: e.arn,
    kind: e.kind,
    type: e.type,
    name: e.displayName ?? e.name,
    ...(e.sourceUri !== undefined && { uri: e.sourceUri }),
    ...(e.digest !== undefined && { digest: e.digest }),
    ...(e.status !== undefined && { status: e.status }),
    depth,
  };
}

/**
 * Upstream from the version's ModelPackage artifact (all of it, depth 10); endpoints two
 * associations downstream of it or of its model data (artifact → ModelDeployment → Endpoint),
 * so a model trained from this one and deployed elsewhere is not taken for this one.
 */
export async function loadLineage(lineage: LineageStore, version: ModelVersion): Promise<VersionLineage> {
  const packageArn = lineageNames.modelPackage(version.arn);
  const dataArn = artifactArn(version.modelUri, version.modelSha256 ? sha256Digest(version.modelSha256) : undefined);
  const [pkg, data] = await Promise.all([lineage.get(packageArn), lineage.get(dataArn)]);
  const starts = [pkg, data].flatMap((e) => (e ? [e.arn] : []));
  if (starts.length === 0) return { recorded: false, upstream: [], dataSets: [], endpoints: [] };
  const start = starts[0];
  const [up, deployedTo] = await Promise.all([
    walk(lineage, { startArns: [start], direction: 'Ascendants', maxDepth: 10 }),
    walk(lineage, { startArns: starts, direction: 'Descendants', maxDepth: 2, filters: { types: ['Endpoint'] } }),
  ]);
  const upstream = await nodes(lineage, up);
  return {
    recorded: true,
    start,
    upstream,
    dataSets: upstream.filter((n) => n.type === 'DataSet'),
    endpoints: await nodes(lineage, deployedTo),
  };
}
