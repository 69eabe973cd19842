import type { NewEvent } from '../events/event-envelope.js';
import type { ContainerSpec } from '../serving/model-runtime.js';
import type { DeploymentConfig } from './deployment-config.js';
import type { RolloutProgress } from './rollout-records.js';

/**
 * Endpoints as desired state: SageMaker's models, endpoint configs and endpoints, recorded in the
 * metadata database (capability `endpoints`) by the library the CLI and the SageMaker front door
 * both call. The server's endpoint host reads them and reconciles what runs to what is recorded,
 * then writes back the status it reached (`Creating → InService`, `Updating`, `Failed`), so a
 * restarted server brings every endpoint back. Names follow SageMaker's rules (1–63 characters,
 * `^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`); records are immutable once created, as in SageMaker: an
 * endpoint changes by pointing it at another config.
 */
export interface ModelRecord {
  readonly name: string;
  /**
   * The containers, 1 for `PrimaryContainer`, 2–15 for an inference pipeline run in sequence
   * (each one's output the next one's input). A `ModelPackageName` is resolved at creation to
   * its image and model data; `modelPackageName` keeps the reference.
   */
  readonly containers: readonly (ContainerSpec & { readonly modelPackageName?: string; readonly hostname?: string })[];
  readonly executionRoleArn?: string;
  /** `Serial` (a pipeline) unless `Direct` was asked for. */
  readonly inferenceMode: 'Serial' | 'Direct';
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly createdAt: Date;
}

/** One `ProductionVariant` (or `ShadowProductionVariants` entry) of an endpoint config. */
export interface VariantSpec {
  readonly variantName: string;
  readonly modelName: string;
  /** Instances are real concurrency: each one is a worker or a process serving the model. */
  readonly initialInstanceCount: number;
  readonly initialVariantWeight: number;
  readonly instanceType?: string;
  /** Serverless variants scale from zero; `maxConcurrency` bounds in-flight requests. */
  readonly serverless?: { readonly memorySizeInMB: number; readonly maxConcurrency: number };
}

/** SageMaker's `DataCaptureConfig`, as given. */
export interface DataCaptureSpec {
  readonly enableCapture: boolean;
  readonly initialSamplingPercentage: number;
  /** Any store URI: `s3://`, `gs://`, `file://` or a folder. */
  readonly destinationS3Uri: string;
  readonly captureModes: readonly ('Input' | 'Output')[];
  readonly csvContentTypes: readonly string[];
  readonly jsonContentTypes: readonly string[];
  readonly kmsKeyId?: string;
}

export interface EndpointConfigRecord {
  readonly name: string;
  /** 1–10 production variants. */
  readonly productionVariants: readonly VariantSpec[];
  /** 0–10 shadow variants: a sampled copy of production traffic, answers never returned. */
  readonly shadowVariants: readonly VariantSpec[];
  readonly dataCapture?: DataCaptureSpec;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly createdAt: Date;
}

export type EndpointStatus =
  | 'Creating'
  | 'InService'
  | 'Updating'
  | 'SystemUpdating'
  | 'RollingBack'
  | 'Deleting'
  | 'OutOfService'
  | 'Failed';

/** A variant's current weight and instance count (UpdateEndpointWeightsAndCapacities changes them). */
export interface VariantState {
  readonly variantName: string;
  readonly weight: number;
  readonly instanceCount: number;
}

export interface EndpointRecord {
  readonly name: string;
  /** The config the endpoint serves (or, while `Creating`, will serve). */
  readonly configName: string;
  /** While `Updating`: the config it is moving to; the old one serves until the new one is up. */
  readonly pendingConfigName?: string;
  readonly status: EndpointStatus;
  readonly failureReason?: string;
  /** Desired weights and counts per production variant; empty until the first reconcile sets them from the config. */
  readonly variants: readonly VariantState[];
  /** The `DeploymentConfig` of the last create or update that gave one (`LastDeploymentConfig`). */
  readonly deploymentConfig?: DeploymentConfig;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly createdAt: Date;
  readonly lastModifiedAt: Date;
  /** Bumped on every change, so a reconciler can tell cheaply whether anything moved. */
  readonly generation: number;
}

/** What the endpoint host reports after reconciling one endpoint. */
export interface EndpointReport {
  readonly status: EndpointStatus;
  readonly failureReason?: string;
  /** Set when an update finished: the config now served (`pendingConfigName` is cleared). */
  readonly configName?: string;
  readonly variants?: readonly VariantState[];
  /**
   * The endpoint's `generation` the host reconciled to. When given and the record has moved on
   * since (an update or a delete arrived meanwhile), the report is stale and ignored: the host's
   * next tick reconciles the newer state. Without it the report always applies.
   */
  readonly generation?: number;
}

/**
 * The `endpoints` capability over the metadata database. Every create refuses a name in use
 * (`E_ENDPOINT_EXISTS` etc. → SageMaker's `ValidationException` "Cannot create already existing …"),
 * every get/delete of a missing name is a `*_NOT_FOUND` error; deleting a model or config that an
 * endpoint uses is allowed, as in SageMaker (the endpoint keeps serving what it loaded).
 * References are checked when made: a config's variants must name existing models
 * (`E_MODEL_NOT_FOUND`), an endpoint an existing config (`E_ENDPOINT_CONFIG_NOT_FOUND`).
 * Field rules (names, counts, weights, capture) are the library's (`endpoint-validation.ts`).
 */
export interface EndpointCatalog {
  createModel(model: Omit<ModelRecord, 'createdAt'>): Promise<ModelRecord>;
  getModel(name: string): Promise<ModelRecord | undefined>;
  listModels(): Promise<ModelRecord[]>;
  deleteModel(name: string): Promise<void>;

  createEndpointConfig(config: Omit<EndpointConfigRecord, 'createdAt'>): Promise<EndpointConfigRecord>;
  getEndpointConfig(name: string): Promise<EndpointConfigRecord | undefined>;
  listEndpointConfigs(): Promise<EndpointConfigRecord[]>;
  deleteEndpointConfig(name: string): Promise<void>;

  /** Records the endpoint as `Creating`; the host brings it `InService` (or `Failed`). */
  /** `deploymentConfig` is kept for later updates that give none (SageMaker's CreateEndpoint takes one too). */
  createEndpoint(
    name: string,
    configName: string,
    tags?: EndpointRecord['tags'],
    deploymentConfig?: DeploymentConfig,
  ): Promise<EndpointRecord>;
  getEndpoint(name: string): Promise<EndpointRecord | undefined>;
  listEndpoints(): Promise<EndpointRecord[]>;
  /**
   * `Updating` with `pendingConfigName`; refused unless `InService` or `Failed` (`E_ENDPOINT_IN_USE`,
   * which SageMaker answers as `ValidationException` "Cannot update in-progress endpoint").
   */
  updateEndpoint(name: string, configName: string, deploymentConfig?: DeploymentConfig): Promise<EndpointRecord>;
  /**
   * New desired weights and/or instance counts for named production variants; `Updating`. Only
   * from `InService` (`E_ENDPOINT_IN_USE`); an unknown variant is `E_VARIANT_NOT_FOUND`.
   */
  updateWeightsAndCapacities(
    name: string,
    changes: readonly { variantName: string; weight?: number; instanceCount?: number }[],
  ): Promise<EndpointRecord>;
  /**
   * The host's report of what it reached; bumps `generation` only when desired state changed
   * (config, pending config, variants), so a status-only report does not wake reconcilers again.
   * A report in a status other than `Updating`/`SystemUpdating`/`RollingBack`, or naming a
   * `configName`, ends an update (`pendingConfigName` cleared). `failureReason` is replaced by the
   * report's (cleared when absent). A `Deleting` endpoint ignores reports other than `Deleting`.
   */
  reportEndpoint(name: string, report: EndpointReport): Promise<EndpointRecord>;
  /** `Deleting` (again: a no-op); the host stops it and calls `forgetEndpoint`. */
  deleteEndpoint(name: string): Promise<void>;
  /** Removes the record (a missing one is a no-op) and moves `generation()`. */
  forgetEndpoint(name: string): Promise<void>;
  /** The largest `generation` of any endpoint (and deletions): one cheap read per reconcile tick. */
  generation(): Promise<number>;
  /** Where the endpoint's guarded update is, or undefined when none runs. */
  getRollout(name: string): Promise<RolloutProgress | undefined>;
  /**
   * Records a guarded update's progress (undefined: the update is over, the row goes) and
   * publishes `events` on the outbox in the same transaction, so an event is seen if and only
   * if the progress it reports was recorded. Does not move `generation`.
   */
  saveRollout(name: string, progress: RolloutProgress | undefined, events: readonly NewEvent[]): Promise<void>;
}
