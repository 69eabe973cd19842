import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sha256File } from '../core/hash.js';
import { fromFileUri, toFileUri } from '../core/uri.js';
import type { ApprovalStatus } from '../pipeline/ir.js';
import type { StageOptions } from '../serving/model-data.js';
import { readLocalMetricsReport } from './metrics-report.js';
import type { ModelCard } from './model-card.js';
import type { InferenceSpecification, ModelMetrics, ModelRegistry, ModelVersion } from './model-registry.js';
import { readDescriptor } from './read-descriptor.js';
import { readReports } from './report-files.js';

/** A model registered by URI: what `godwit models register` and a compiled pipeline's register step send. */
export interface RegisterFromUri {
  readonly group: string;
  readonly modelUri: string;
  readonly approvalStatus?: ApprovalStatus;
  /** A local path or `file://` report is read and stored with the version; other URIs are recorded as given. */
  readonly metricsUri?: string;
  readonly description?: string;
  readonly inference?: InferenceSpecification;
  /** Report files (SageMaker's ModelMetrics); each readable one's digest is recorded. */
  readonly modelMetrics?: ModelMetrics;
  readonly tags?: Readonly<Record<string, string>>;
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly modelCard?: ModelCard;
  readonly actor: string;
}

const LOCAL = (uri: string) => uri.startsWith('file://') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri);

/**
 * Registers the model as the next version of its group, reading its metrics report by the one
 * rule and its descriptor from its files (reached with `stage`; see `readDescriptor`).
 */
export async function registerFromUri(
  registry: ModelRegistry,
  input: RegisterFromUri,
  stage: StageOptions,
): Promise<ModelVersion> {
  const read = input.metricsUri && LOCAL(input.metricsUri) ? await readLocalMetricsReport(input.metricsUri) : undefined;
  const model = await localModel(input.modelUri);
  const descriptor = await readDescriptor(model.uri, stage);
  const reports = input.modelMetrics && (await readReports(input.modelMetrics, { home: stage.home.root, ...stage.storeOptions }));
  return registry.registerVersion({
    group: input.group,
    modelUri: model.uri,
    modelSha256: model.sha256,
    approvalStatus: input.approvalStatus ?? 'PendingManualApproval',
    // Without a metrics report, the model quality statistics are the metrics rules read.
    metrics: read?.report ?? reports?.statistics,
    metricsUri: read?.uri ?? input.metricsUri,
    description: input.description,
    inference: input.inference,
    descriptor,
    modelMetrics: reports?.modelMetrics,
    tags: input.tags,
    customerMetadata: input.customerMetadata,
    modelCard: input.modelCard,
    actor: input.actor,
  });
}

/**
 * A local model (a path, or a `file://` URI) as a pipeline's register step records one: its
 * `file://` URI (a folder's ending in `/`) and its digest, the same tree digest a run's artifact
 * record has, so an imported copy of a run's model folder is the run's model node in lineage.
 * Anything else, or a path with nothing there, is recorded as given.
 */
async function localModel(uri: string): Promise<{ uri: string; sha256?: string }> {
  if (!LOCAL(uri)) return { uri };
  const path = uri.startsWith('file://') ? fromFileUri(uri) : resolve(uri);
  const info = await stat(path).catch(() => undefined);
  if (!info) return { uri };
  if (!info.isDirectory()) return { uri: toFileUri(path), sha256: (await sha256File(path)).sha256 };
  const { digestDir } = await import('../store/index.js');
  return { uri: `${toFileUri(path)}/`, sha256: (await digestDir(path)).sha256 };
}
