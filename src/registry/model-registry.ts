import type { ModelDescriptor } from '../ml/model-descriptor.js';
import type { ApprovalStatus } from '../pipeline/ir.js';
import type { ApprovalRules } from './approval-rules.js';
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
  /**
   * Changes approval status and records who did it and why, under the group's approval rules
   * (`setRules`): a refused change is `E_APPROVAL_RULE` naming the rule, and nothing is written.
   * An approval that a rule of several approvers does not yet complete is recorded as a vote
   * (`ApprovalEvent.kind` `vote`) and the version keeps its status; `approvals` says how many.
   * Rejected is final (`E_MODEL_VERSION_REJECTED`); an unknown version is
   * `E_MODEL_VERSION_NOT_FOUND` naming the group's versions.
   */
  setApprovalStatus(
    group: string,
    version: number,
    status: ApprovalStatus,
    actor: string,
    note?: string,
  ): Promise<ApprovalOutcome>;
  /**
   * Changes what SageMaker's UpdateModelPackage may change besides the status: customer metadata
   * (set and removed keys) and the model card. Recorded in the audit log (kind `update`).
   */
  updateVersion(group: string, version: number, change: VersionChange, actor: string): Promise<ModelVersion>;
  auditLog(group: string, version?: number): Promise<ApprovalEvent[]>;
  /**
   * Recomputes the audit log's hash chain of `group` (every group when omitted): each row's hash
   * is sha256 of the previous row's hash and its own content. `E_AUDIT_TAMPERED` names the first
   * row that does not match; otherwise how many rows were checked.
   */
  verifyAudit(group?: string): Promise<{ rows: number; groups: number }>;
  /** The group's approval rules, undefined when it has none. */
  getRules(group: string): Promise<StoredRules | undefined>;
  /** Sets (replaces) the group's approval rules, also before the group exists (they wait for it); undefined clears them. */
  setRules(group: string, rules: ApprovalRules | undefined, actor: string): Promise<StoredRules | undefined>;
}

/** A group's approval rules as stored, with who set them and when. */
export interface StoredRules {
  readonly group: string;
  readonly rules: ApprovalRules;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

/** What `updateVersion` changes; absent fields are left as they are. */
export interface VersionChange {
  readonly customerMetadata?: Readonly<Record<string, string>>;
  readonly customerMetadataToRemove?: readonly string[];
  readonly modelCard?: ModelCard;
}

/** A version after `setApprovalStatus`, with the approvals a rule of several approvers has counted. */
export interface ApprovalOutcome extends ModelVersion {
  /** Present under an approvers rule: the distinct approvers so far (this one included) and how many it needs. */
  readonly approvals?: { readonly approvers: readonly string[]; readonly needed: number };
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
  /** Who registered it (the registration's actor). */
  readonly createdBy?: string;
  /** Who last changed it (status, metadata, card) and when; the registration until then. */
  readonly lastModifiedBy?: string;
  readonly lastModifiedAt?: Date;
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
  /**
   * `registered`, `status` (a change of status, or the same status set again), `vote` (an approval
   * counted toward an approvers rule; the status did not change) or `update` (metadata or card).
   */
  readonly kind?: AuditKind;
  /** The row's place in the log (its id) and its hash in the chain. */
  readonly id?: number;
  readonly hash?: string;
}

export type AuditKind = 'registered' | 'status' | 'vote' | 'update';
