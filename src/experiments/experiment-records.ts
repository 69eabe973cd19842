import type { DeploymentConfig } from '../endpoints/deployment-config.js';

/**
 * Shadow tests as SageMaker's inference experiments (`Type: ShadowMode`): a time-boxed run of one
 * shadow variant beside one production variant of an endpoint, with a sampling percentage. The
 * record is desired state in the metadata database (capability `experiments`); the server's
 * experiment runner (`experiment-runner.ts`) carries it through its statuses on the server's clock,
 * changing the endpoint only through endpoint configs and UpdateEndpoint, as SageMaker does:
 *
 *   Created ──(start time, or StartInferenceExperiment)──▶ Starting ──(endpoint InService with the
 *   shadow)──▶ Running ──(end time, or StopInferenceExperiment)──▶ Stopping ──▶ Completed | Cancelled
 *
 * `Updating` is a Running experiment whose sampling or variants are being changed on the endpoint.
 */
export type ExperimentStatus =
  | 'Creating'
  | 'Created'
  | 'Updating'
  | 'Starting'
  | 'Running'
  | 'Stopping'
  | 'Completed'
  | 'Cancelled';

export const EXPERIMENT_STATUSES: readonly ExperimentStatus[] = [
  'Creating',
  'Created',
  'Updating',
  'Starting',
  'Running',
  'Stopping',
  'Completed',
  'Cancelled',
];

/** Statuses an experiment never leaves. */
export const FINISHED: ReadonlySet<ExperimentStatus> = new Set(['Completed', 'Cancelled']);

/** One entry of `ModelVariants`: a model on real-time infrastructure. */
export interface ExperimentVariant {
  readonly variantName: string;
  readonly modelName: string;
  readonly instanceType: string;
  /** Instances are real concurrency here, as for any endpoint variant. */
  readonly instanceCount: number;
}

/** `DataStorageConfig`: the experiment's endpoint config captures requests and answers there. */
export interface ExperimentStorage {
  readonly destination: string;
  readonly kmsKey?: string;
  readonly csvContentTypes: readonly string[];
  readonly jsonContentTypes: readonly string[];
}

export type VariantAction = 'Promote' | 'Remove' | 'Retain';

/** What StopInferenceExperiment (or the end of the schedule) asked for, kept until the runner has done it. */
export interface StopRequest {
  /** Per variant of the experiment; the end of the schedule is `{production: Retain, shadow: Remove}`. */
  readonly actions: Readonly<Record<string, VariantAction>>;
  /** Instance settings of variants after the stop (`DesiredModelVariants`), e.g. the promoted one's count. */
  readonly desiredVariants: readonly ExperimentVariant[];
  readonly desiredState: 'Completed' | 'Cancelled';
  readonly reason?: string;
  /**
   * How the stop's endpoint update moves traffic (a promotion as a canary or linear rollout with
   * auto-rollback alarms); one swap without it. A promotion rolled back by an alarm ends the test
   * Cancelled with the shadow removed instead.
   */
  readonly deploymentConfig?: DeploymentConfig;
}

export interface ExperimentRecord {
  readonly name: string;
  readonly type: 'ShadowMode';
  readonly description?: string;
  readonly roleArn: string;
  readonly endpointName: string;
  /** Both variants: the production one (`productionVariant`) and the shadow (`shadowVariant`). */
  readonly modelVariants: readonly ExperimentVariant[];
  readonly productionVariant: string;
  readonly shadowVariant: string;
  /** 1–100: the share of production requests copied to the shadow. */
  readonly samplingPercentage: number;
  /** When it starts (or started) and ends; the runner reads them on the server's clock. */
  readonly startTime: Date;
  readonly endTime: Date;
  readonly dataStorage?: ExperimentStorage;
  readonly kmsKey?: string;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly status: ExperimentStatus;
  readonly statusReason?: string;
  /** The endpoint config the endpoint served when the experiment started, and the one with the shadow. */
  readonly baseConfigName?: string;
  readonly experimentConfigName?: string;
  /** The config the stop moved the endpoint to (without the shadow, or with it promoted). */
  readonly finalConfigName?: string;
  /** The window the report covers: mirroring began (endpoint InService with the shadow) and was stopped. */
  readonly runningSince?: Date;
  readonly stoppedAt?: Date;
  readonly stop?: StopRequest;
  readonly completionTime?: Date;
  readonly createdAt: Date;
  readonly lastModifiedAt: Date;
}

/** What a create records; status, times and configs are the catalog's and the runner's. */
export type NewExperimentRecord = Omit<
  ExperimentRecord,
  | 'status'
  | 'statusReason'
  | 'createdAt'
  | 'lastModifiedAt'
  | 'baseConfigName'
  | 'experimentConfigName'
  | 'finalConfigName'
  | 'runningSince'
  | 'stoppedAt'
  | 'stop'
  | 'completionTime'
>;

/** Fields a change may set (an `undefined` value clears an optional one). */
export type ExperimentChange = Partial<Omit<ExperimentRecord, 'name' | 'type' | 'endpointName' | 'createdAt' | 'lastModifiedAt'>>;

/**
 * The `experiments` capability over the metadata database.
 * - `create` records a `Created` experiment; a name in use is `E_EXPERIMENT_EXISTS`; an unfinished
 *   experiment on the same endpoint whose schedule overlaps is `E_EXPERIMENT_OVERLAP` (checked
 *   under a lock, so two creates at once cannot both pass).
 * - `change` applies `change` only if the experiment's status is one of `from` (compare and set:
 *   the runner and the API never overwrite each other's step), else `E_EXPERIMENT_STATE`; a new
 *   schedule is checked for overlap again. `lastModifiedAt` moves on every change.
 * - `delete` removes the record; refused (`E_EXPERIMENT_STATE`) while it is Starting, Running,
 *   Updating or Stopping, because the endpoint is mid-change. Missing names are `E_EXPERIMENT_NOT_FOUND`.
 * - `list` is every experiment, oldest first; `unfinished` those not Completed or Cancelled.
 */
export interface ExperimentCatalog {
  create(record: NewExperimentRecord): Promise<ExperimentRecord>;
  get(name: string): Promise<ExperimentRecord | undefined>;
  list(): Promise<ExperimentRecord[]>;
  unfinished(): Promise<ExperimentRecord[]>;
  change(name: string, from: readonly ExperimentStatus[], change: ExperimentChange): Promise<ExperimentRecord>;
  delete(name: string): Promise<void>;
}
