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
  const descriptor = await readDescriptor(input.modelUri, stage);
  const reports = input.modelMetrics && (await readReports(input.modelMetrics, { home: stage.home.root, ...stage.storeOptions }));
  return registry.registerVersion({
    group: input.group,
    modelUri: input.modelUri,
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
