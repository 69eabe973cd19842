import type { ApprovalStatus } from '../pipeline/ir.js';
import type { StageOptions } from '../serving/model-data.js';
import { readLocalMetricsReport } from './metrics-report.js';
import type { InferenceSpecification, ModelRegistry, ModelVersion } from './model-registry.js';
import { readDescriptor } from './read-descriptor.js';

/** A model registered by URI: what `godwit models register` and a compiled pipeline's register step send. */
export interface RegisterFromUri {
  readonly group: string;
  readonly modelUri: string;
  readonly approvalStatus?: ApprovalStatus;
  /** A local path or `file://` report is read and stored with the version; other URIs are recorded as given. */
  readonly metricsUri?: string;
  readonly description?: string;
  readonly inference?: InferenceSpecification;
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
  return registry.registerVersion({
    group: input.group,
    modelUri: input.modelUri,
    approvalStatus: input.approvalStatus ?? 'PendingManualApproval',
    metrics: read?.report,
    metricsUri: read?.uri ?? input.metricsUri,
    description: input.description,
    inference: input.inference,
    descriptor,
    actor: input.actor,
  });
}
