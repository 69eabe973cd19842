/**
 * Lineage in SageMaker ML Lineage Tracking's entity model: artifacts (URI-addressable data: data
 * sets, models, metrics, code, images), actions (something done: a pipeline step, a deployment,
 * an approval), contexts (a grouping: a pipeline, a run, a model package group, an endpoint, a
 * monitoring schedule), trial components (SageMaker jobs) and associations, directed edges
 * between two of them. An edge always points downstream: from what was used or came first
 * (source) to what used it or came of it (destination), so "upstream" (SageMaker's Ascendants)
 * walks edges backwards and "downstream" (Descendants) forwards.
 *
 * Godwit records these automatically (runs, the registry, endpoints, jobs, monitors and BigQuery
 * ML write them in the same transaction as their own records, through `recordLineage`), backfills
 * them for what was recorded before lineage existed (`lineage-backfills.ts`), and takes the
 * SageMaker API's own entities and associations (Create*, AddAssociation) beside them.
 */

/** QueryLineage's `LineageType` of a vertex. */
export type LineageKind = 'Artifact' | 'Action' | 'Context' | 'TrialComponent';
export const LINEAGE_KINDS: readonly LineageKind[] = ['Artifact', 'Action', 'Context', 'TrialComponent'];

/** AddAssociation's types (SageMaker places no rules on their use; Godwit's own use is in docs/lineage.md). */
export type AssociationType = 'ContributedTo' | 'AssociatedWith' | 'DerivedFrom' | 'Produced' | 'SameAs';
export const ASSOCIATION_TYPES: readonly AssociationType[] = [
  'ContributedTo',
  'AssociatedWith',
  'DerivedFrom',
  'Produced',
  'SameAs',
];

/**
 * One entity. `type` is its ArtifactType / ActionType / ContextType (`DataSet`, `Model`, `Image`,
 * `Code`, `Metrics`; `ModelDeployment`, `Approval`, a step's kind; `SageMakerPipeline`,
 * `PipelineExecution`, `ModelGroup`, `Endpoint`, `MonitoringSchedule`; a trial component's
 * `TrainingJob`, `ProcessingJob`, `TransformJob`).
 */
export interface LineageEntity {
  readonly arn: string;
  readonly kind: LineageKind;
  /** The name in the ARN (an artifact's is its id; `ArtifactName` is `displayName`). */
  readonly name: string;
  /** ArtifactName, or the name the API was given; defaults to `name`. */
  readonly displayName?: string;
  readonly type: string;
  /** Source.SourceUri: the data's URI, or the ARN of the resource the entity stands for. */
  readonly sourceUri?: string;
  /** The content digest, `sha256:<hex>` for what Godwit hashed (Source.SourceTypes). */
  readonly digest?: string;
  /** A context's / action's Source.SourceId (a job's or endpoint's ARN, a run id). */
  readonly sourceId?: string;
  /** An action's / trial component's status (`Completed`, `Failed`, `InProgress`, `Stopped`, `Unknown`). */
  readonly status?: string;
  readonly description?: string;
  /** Properties (string values, as SageMaker's `LineageEntityParameters`). */
  readonly properties?: Readonly<Record<string, string>>;
  /** Who recorded it: `godwit` for automatic entities, else the API caller. */
  readonly createdBy?: string;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
}

/** What a writer records: `createdAt`/`modifiedAt` default to the writer's clock. */
export type LineageEntityInput = Omit<LineageEntity, 'createdAt' | 'modifiedAt'> & {
  readonly createdAt?: Date;
  readonly modifiedAt?: Date;
};

export interface LineageAssociation {
  readonly sourceArn: string;
  readonly destinationArn: string;
  readonly type: AssociationType;
  readonly createdAt: Date;
  /** Filled in by reads: the two ends' kinds, types and names (ListAssociations' SourceType etc.). */
  readonly source?: Pick<LineageEntity, 'kind' | 'type' | 'name'>;
  readonly destination?: Pick<LineageEntity, 'kind' | 'type' | 'name'>;
}

export interface LineageAssociationInput {
  readonly sourceArn: string;
  readonly destinationArn: string;
  readonly type: AssociationType;
  readonly createdAt?: Date;
}

/**
 * What a writer adds in one go. Idempotent: an entity that exists (same ARN) keeps its
 * `createdAt` and takes the new status, properties (merged) and `modifiedAt`; an association
 * that exists (same source and destination) is left as it is.
 */
export interface LineageWrite {
  readonly entities: readonly LineageEntityInput[];
  readonly associations: readonly LineageAssociationInput[];
}

export type LineageDirection = 'Ascendants' | 'Descendants' | 'Both';

/** QueryLineage's filters: a vertex is returned when it passes all of them; traversal goes on through those that do not. */
export interface LineageFilters {
  /** Entity types (`DataSet`, `Model`, `Endpoint`, …). */
  readonly types?: readonly string[];
  readonly kinds?: readonly LineageKind[];
  readonly createdBefore?: Date;
  readonly createdAfter?: Date;
  readonly modifiedBefore?: Date;
  readonly modifiedAfter?: Date;
  readonly properties?: Readonly<Record<string, string>>;
}

export interface LineageQuery {
  readonly startArns: readonly string[];
  /** Default `Both`. */
  readonly direction?: LineageDirection;
  /** Associations from a start to a result, default 10. */
  readonly maxDepth?: number;
  /** Default true. */
  readonly includeEdges?: boolean;
  readonly filters?: LineageFilters;
  /** Vertices per page (default and limit as SageMaker's). */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface LineageVertex {
  readonly arn: string;
  readonly kind: LineageKind;
  readonly type: string;
  /** Associations from the nearest start (0 for a start itself, which is never returned as a vertex). */
  readonly depth: number;
}

export interface LineageQueryResult {
  readonly vertices: readonly LineageVertex[];
  readonly edges: readonly Pick<LineageAssociation, 'sourceArn' | 'destinationArn' | 'type'>[];
  readonly nextToken?: string;
}

/** ListArtifacts / ListActions / ListContexts filters and paging; newest first unless `sortOrder`. */
export interface LineageListOptions {
  readonly kind: LineageKind;
  /** Artifacts: SourceUri; actions and contexts: Source.SourceUri. */
  readonly sourceUri?: string;
  readonly type?: string;
  readonly createdBefore?: Date;
  readonly createdAfter?: Date;
  readonly sortBy?: 'Name' | 'CreationTime';
  readonly sortOrder?: 'Ascending' | 'Descending';
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface ListAssociationsOptions {
  readonly sourceArn?: string;
  readonly destinationArn?: string;
  readonly sourceType?: string;
  readonly destinationType?: string;
  readonly type?: AssociationType;
  readonly createdBefore?: Date;
  readonly createdAfter?: Date;
  readonly sortBy?: 'SourceArn' | 'DestinationArn' | 'SourceType' | 'DestinationType' | 'CreationTime';
  readonly sortOrder?: 'Ascending' | 'Descending';
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/**
 * The lineage capability (`metadata.lineage`). One implementation (sql-lineage-store.ts) over the
 * database seam, on SQLite and PostgreSQL alike. Unknown ARNs are `E_LINEAGE_NOT_FOUND`, naming
 * the ARN; malformed input is `E_LINEAGE_INPUT`.
 */
export interface LineageStore {
  /** Records entities and associations (the same as `recordLineage` in its own transaction). */
  record(write: LineageWrite): Promise<void>;
  get(arn: string): Promise<LineageEntity | undefined>;
  /** Entities whose SourceUri is `uri` (every digest of it), or whose digest is `digest`. */
  find(by: { readonly sourceUri?: string; readonly digest?: string }): Promise<LineageEntity[]>;
  list(options: LineageListOptions): Promise<{ entities: LineageEntity[]; nextToken?: string }>;
  listAssociations(options: ListAssociationsOptions): Promise<{ associations: LineageAssociation[]; nextToken?: string }>;
  /** The SageMaker API's own entities: a name taken already is `E_LINEAGE_EXISTS`. */
  create(entity: LineageEntityInput): Promise<LineageEntity>;
  update(
    arn: string,
    patch: { description?: string; status?: string; properties?: Record<string, string>; removeProperties?: readonly string[] },
  ): Promise<LineageEntity>;
  /** Deletes an entity and its associations. */
  delete(arn: string): Promise<void>;
  /** Both ends must exist (`E_LINEAGE_NOT_FOUND`); an existing pair is `E_LINEAGE_EXISTS`. */
  addAssociation(input: LineageAssociationInput): Promise<LineageAssociation>;
  deleteAssociation(sourceArn: string, destinationArn: string): Promise<void>;
  /** Walks associations from the starts (every start must exist: `E_LINEAGE_NOT_FOUND`). */
  query(query: LineageQuery): Promise<LineageQueryResult>;
}
