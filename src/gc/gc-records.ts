/**
 * What `godwit gc` finds, keeps and removes (docs/gc.md). Candidates are only ever files Godwit
 * itself wrote: objects under a deleted run's `runs/<run>/` prefix in an artifact store, a deleted
 * run's folder in the home, and old copies a move replaced (`old --SameAs--> new` in lineage).
 * Data a pipeline read (a user's bucket, a local file) is never a candidate.
 */

/** Why an item is to be removed. */
export type GcReason =
  /** A deleted run's artifact prefix or run folder. */
  | 'deleted-run'
  /** An old copy a move replaced: lineage says old --SameAs--> new, and the new copy is there. */
  | 'superseded'
  /** Left half done by a gc that stopped; its journal entry says so. */
  | 'unfinished';

/** One object (or a run folder's file), by its key in the item's root and its URI. */
export interface GcObject {
  readonly key: string;
  readonly uri: string;
  readonly size: number;
}

/** What gc removes as one: an artifact's prefix in one store, or a run's folder in the home. */
export interface GcItem {
  /** The artifact's prefix URI (ending in `/`) or the run folder's `file://` URI (ending in `/`). */
  readonly uri: string;
  readonly kind: 'artifact' | 'run-folder';
  readonly reason: GcReason;
  readonly runId?: string;
  /** The store root the objects' keys are relative to (the run folder itself for a run folder). */
  readonly root: string;
  /** What is removed: for an artifact, only the objects nothing needs (see `GcKept`). */
  readonly objects: readonly GcObject[];
  readonly bytes: number;
  /** Objects under `uri` that stay (a registered model's file inside a deleted run's output): see `GcPlan.keep`. */
  readonly kept: number;
  /** A superseded copy: the copy that replaced it. */
  readonly sameAs?: string;
}

/** Objects of a candidate prefix that stay, and every reason why. */
export interface GcKept {
  readonly uri: string;
  readonly runId?: string;
  readonly objects: number;
  readonly bytes: number;
  /** `model churn/3 (modelUri)`, `lineage: ContributedTo <arn> (ModelPackage)`, `run <id> train/model`, … */
  readonly because: readonly string[];
}

export interface GcPlan {
  readonly remove: readonly GcItem[];
  readonly keep: readonly GcKept[];
  /** Objects and bytes to remove, over every item. */
  readonly objects: number;
  readonly bytes: number;
}

export type GcState = 'removing' | 'removed' | 'stopped';

/** A journal entry: an item gc set out to remove, and how far it got. */
export interface GcEntry extends GcItem {
  readonly id: number;
  /** `removing` from before the first file is touched; `removed` when all its objects are gone; `stopped` when some turned out to be needed. */
  readonly state: GcState;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly removedBy: string;
}

/**
 * The gc capability's journal (`metadata.gc`), on SQLite and PostgreSQL. `begin` commits the
 * entries (and marks the artifacts' lineage nodes `gcState: removing`) before gc touches a file;
 * `finish` marks them done (`gcState: removed`).
 */
export interface GcJournal {
  begin(items: readonly GcItem[], by: string): Promise<GcEntry[]>;
  finish(ids: readonly number[], state: Exclude<GcState, 'removing'>): Promise<void>;
  /** Entries still `removing`: a gc stopped before it finished them. */
  pending(): Promise<GcEntry[]>;
  /** The newest entry for a URI, if any. */
  latest(uri: string): Promise<GcEntry | undefined>;
}
