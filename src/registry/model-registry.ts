import type { ModelDescriptor } from '../ml/model-descriptor.js';
import type { ApprovalStatus } from '../pipeline/ir.js';
import type { ModelCard } from './model-card.js';

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['PendingManualApproval', 'Approved', 'Rejected'];

/**
 * Model package groups and their numbered versions (SageMaker Model Registry). One
 * implementation (sql-model-registry.ts) over the database seam, on SQLite or PostgreSQL.
 * Versions start at 1 and are dense and unique within a group, also when several processes
 * register into one group at the same instant. Group names follow SageMaker's rule
 * (`E_MODEL_GROUP_NAME` otherwise). Every registration and approval change is written to an
 * audit log and published to the event outbox in the same transaction.
 */
export interface ModelRegistry {
  registerVersion(input: NewModelVersion): Promise<ModelVersion>;
  /**
   * Makes an empty group (SageMaker's CreateModelPackageGroup); `registerVersion` still makes a
   * missing group on its own. A group that exists is `E_MODEL_GROUP_EXISTS`, and nothing changes.
   */
  createGroup(group: string, description?: string): Promise<{ name: string; createdAt: Date; description?: string }>;
  /** Every group by name, with when it was made (its first registration), its version count and newest version. */
  listGroups(): Promise<{ name: string; createdAt: Date; versions: number; latest?: ModelVersion }[]>;
  listVersions(group: string): Promise<ModelVersion[]>;
  getVersion(group: string, version: number): Promise<ModelVersion | undefined>;
  /** Changes approval status and records who did it and why. */
  setApprovalStatus(group: string, version: number, status: ApprovalStatus, actor: string, note?: string): Promise<ModelVersion>;
  auditLog(group: string, version?: number): Promise<ApprovalEvent[]>;
}

export interface NewModelVersion {
  readonly group: string;
  readonly modelUri: string;
  readonly modelSha256?: string;
  readonly approvalStatus: ApprovalStatus;
  readonly metrics?: unknown;
  readonly metricsUri?: string;
  readonly runId?: string;
  readonly step?: string;
  readonly description?: string;
  /** How the model is served (SageMaker `InferenceSpecification`). */
  readonly inference?: InferenceSpecification;
  /**
   * What the model's files say it is (`describeModel`), read by the caller at registration
   * (`readDescriptor`); absent when they could not be read or no reader knows them.
   */
  readonly descriptor?: ModelDescriptor;
  /** The reports attached at registration, as SageMaker's `ModelMetrics` (files by kind). */
  readonly modelMetrics?: ModelMetrics;
  readonly tags?: Readonly<Record<string, string>>;
  /** SageMaker's `CustomerMetadataProperties`. */
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly modelCard?: ModelCard;
  readonly actor: string;
}

/** A report file (SageMaker's `MetricsSource`): its content type, URI and, when read, its digest. */
export interface MetricsSource {
  readonly contentType: string;
  readonly uri: string;
  /** `sha256:<hex>` of the file (SageMaker's `ContentDigest`). */
  readonly digest?: string;
}

/** SageMaker's `ModelMetrics`: model quality, data quality, bias and explainability reports. */
export interface ModelMetrics {
  readonly modelQuality?: { readonly statistics?: MetricsSource; readonly constraints?: MetricsSource };
  readonly modelDataQuality?: { readonly statistics?: MetricsSource; readonly constraints?: MetricsSource };
  readonly bias?: {
    readonly report?: MetricsSource;
    readonly preTrainingReport?: MetricsSource;
    readonly postTrainingReport?: MetricsSource;
  };
  readonly explainability?: { readonly report?: MetricsSource };
}

export interface InferenceSpecification {
  readonly image?: string;
  readonly contentTypes?: readonly string[];
  readonly responseTypes?: readonly string[];
  readonly inferenceInstances?: readonly string[];
  readonly transformInstances?: readonly string[];
}

export interface ModelVersion extends Omit<NewModelVersion, 'actor'> {
  readonly version: number;
  readonly createdAt: Date;
  /** SageMaker-style ARN-like identifier, `godwit:model-package/<group>/<version>`. */
  readonly id: string;
  /** `arn:aws:sagemaker:us-east-1:000000000000:model-package/<group>/<version>` (`core/arns.ts`). */
  readonly arn: string;
}

export interface ApprovalEvent {
  readonly group: string;
  readonly version: number;
  readonly at: Date;
  readonly from?: ApprovalStatus;
  readonly to: ApprovalStatus;
  readonly actor: string;
  readonly note?: string;
}
