import { createHash } from 'node:crypto';
import { ACCOUNT_ID, DEFAULT_REGION } from '../core/arns.js';
import type { LineageKind } from './lineage-records.js';

/**
 * The names and ARNs of the entities Godwit records on its own, shared by every live writer and
 * every backfill so they always meet on the same node. ARNs are SageMaker's:
 *
 *   arn:aws:sagemaker:us-east-1:000000000000:artifact/<32 hex>
 *   arn:aws:sagemaker:us-east-1:000000000000:action/<name>
 *   arn:aws:sagemaker:us-east-1:000000000000:context/<name>
 *   arn:aws:sagemaker:us-east-1:000000000000:experiment-trial-component/<name>
 *
 * An artifact is one piece of content at one place: its id is a hash of its SourceUri and its
 * digest, so the same data set read by 100 runs is one node, a cached step's outputs are the
 * original step's nodes, and the data at one URI before and after it changed are two nodes.
 * Lineage is regionless locally (like every Godwit resource): ARNs always say us-east-1.
 */
const PREFIX = `arn:aws:sagemaker:${DEFAULT_REGION}:${ACCOUNT_ID}:`;

const RESOURCE: Record<LineageKind, string> = {
  Artifact: 'artifact',
  Action: 'action',
  Context: 'context',
  TrialComponent: 'experiment-trial-component',
};

export function lineageArn(kind: LineageKind, name: string): string {
  return `${PREFIX}${RESOURCE[kind]}/${name}`;
}

/** The kind and name an ARN of this form names, or undefined for any other ARN. */
export function parseLineageArn(arn: string): { kind: LineageKind; name: string } | undefined {
  if (!arn.startsWith('arn:aws:sagemaker:')) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  const slash = resource.indexOf('/');
  if (slash < 0) return undefined;
  const kind = (Object.keys(RESOURCE) as LineageKind[]).find((k) => RESOURCE[k] === resource.slice(0, slash));
  return kind ? { kind, name: resource.slice(slash + 1) } : undefined;
}

/** An artifact's id: 32 hex of sha256(uri, digest); the digest is left out when unknown. */
export function artifactId(sourceUri: string, digest?: string): string {
  return createHash('sha256')
    .update(digest ? `${sourceUri}\n${digest}` : sourceUri)
    .digest('hex')
    .slice(0, 32);
}

export const artifactArn = (sourceUri: string, digest?: string) => lineageArn('Artifact', artifactId(sourceUri, digest));

/** `sha256:<hex>` for a bare hex digest (Godwit's records keep bare hex); other forms pass as they are. */
export const sha256Digest = (hex: string) => (hex.includes(':') ? hex : `sha256:${hex}`);

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/;

/**
 * A SageMaker entity name (`[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}`) from the parts, joined by `-`.
 * Parts that fit are kept as they are (`run-20261122-134501-3f9a2c-train`); otherwise other
 * characters become `-`, and a hash of the original parts is appended so two names never meet.
 */
export function entityName(...parts: readonly string[]): string {
  const joined = parts.join('-');
  if (NAME.test(joined)) return joined;
  const hash = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 8);
  const cleaned = joined
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 110)
    .replace(/-+$/, '');
  return cleaned ? `${cleaned}-${hash}` : hash;
}

/**
 * The automatic entities, one function each. Writers and backfills use these, never their own
 * spelling. Suffixes name the kind of thing, as SageMaker's own (`<job>-aws-training-job`).
 */
export const lineageNames = {
  /** Context `SageMakerPipeline`: a pipeline, across its runs. */
  pipeline: (pipeline: string) => lineageArn('Context', entityName(pipeline, 'pipeline')),
  /** Context `PipelineExecution`: one run. */
  run: (runId: string) => lineageArn('Context', entityName(runId, 'execution')),
  /** Action (type: the step's kind): one step of one run, all its attempts. */
  step: (runId: string, step: string) => lineageArn('Action', entityName(runId, step)),
  /** Context `ModelGroup`: a model package group. */
  modelGroup: (group: string) => lineageArn('Context', entityName(group, 'model-group')),
  /** Artifact `ModelPackage`: one registered version (SourceUri: its model package ARN). */
  modelPackage: (packageArn: string) => artifactArn(packageArn),
  /** Action `Approval`: a version's approval (status changes are its properties and the audit log). */
  approval: (group: string, version: number) => lineageArn('Action', entityName(group, String(version), 'approval')),
  /** Context `Endpoint`. */
  endpoint: (endpoint: string) => lineageArn('Context', entityName(endpoint, 'endpoint')),
  /** Action `ModelDeployment`: an endpoint config put on an endpoint. */
  deployment: (endpoint: string, config: string) => lineageArn('Action', entityName(endpoint, config, 'deployment')),
  /** Trial component of a SageMaker job, named as SageMaker names it. */
  job: (kind: 'training' | 'processing' | 'transform', name: string) =>
    lineageArn('TrialComponent', entityName(name, 'aws', kind, 'job')),
  /** Context `MonitoringSchedule`. */
  monitoringSchedule: (schedule: string) => lineageArn('Context', entityName(schedule, 'monitoring-schedule')),
  /** Action `BigQueryMLTraining`: a CREATE MODEL that trained a BigQuery ML model. */
  warehouseTraining: (model: string) => lineageArn('Action', entityName(model, 'create-model')),
} as const;
