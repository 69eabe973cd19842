/**
 * The catalog as Godwit keeps it: the `GovernanceCatalog` seam (governance-records.ts) plus what
 * the CLI and the Lake Formation door manage besides grants and filters: databases and tables
 * (synchronised from a warehouse, or external tables over a location), registered locations and
 * LF-tags. Capability `catalog`, on `metadata.catalog`.
 */
import type { CatalogColumn, CatalogTable, DataCellsFilter, GovernanceCatalog, LfTagPair } from '../governance-records.js';
import type { TableTags } from './effective-view.js';

export type ExternalFormat = 'csv' | 'json' | 'parquet';

export interface CatalogDatabase {
  readonly name: string;
  readonly description?: string;
  /** The warehouse whose schema it is; undefined for a database of external tables only. */
  readonly warehouse?: string;
  readonly location?: string;
}

/** A table as listed: the contract's `CatalogTable` and the warehouse it was read from. */
export interface CatalogTableInfo extends CatalogTable {
  readonly warehouse?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One warehouse's tables as `godwit catalog sync` read them. */
export interface WarehouseTables {
  readonly warehouse: string;
  readonly tables: readonly { readonly database: string; readonly name: string; readonly columns: readonly CatalogColumn[] }[];
}

export interface SyncResult {
  readonly warehouse: string;
  readonly databases: number;
  readonly tables: number;
  /** Tables the warehouse no longer has, removed with their filters, tags and grants. */
  readonly removed: readonly string[];
}

export interface RegisteredLocation {
  readonly resourceArn: string;
  readonly roleArn?: string;
  readonly registeredAt: Date;
}

/** Where LF-tags are assigned: a database, a table, or a column of a table. */
export interface TagTarget {
  readonly database: string;
  readonly table?: string;
  readonly column?: string;
}

/** The tags of a resource as Lake Formation's GetResourceLFTags answers: each level's own assignments. */
export interface ResourceTags {
  readonly database: readonly LfTagPair[];
  readonly table?: readonly LfTagPair[];
  readonly columns?: readonly { readonly name: string; readonly tags: readonly LfTagPair[] }[];
}

export interface CatalogStore extends GovernanceCatalog {
  listDatabases(): Promise<CatalogDatabase[]>;
  listTables(database: string): Promise<CatalogTableInfo[]>;
  getTable(database: string, name: string): Promise<CatalogTableInfo | undefined>;
  /** Replaces one warehouse's tables with those read from it (its other tables are removed). */
  syncWarehouse(read: WarehouseTables): Promise<SyncResult>;
  /**
   * An external table over a location; its database is created when absent. E_CATALOG_EXISTS when
   * the table is; E_CATALOG_NOT_FOUND when no registered location covers its URI.
   */
  createTable(table: {
    database: string;
    name: string;
    columns: readonly CatalogColumn[];
    location: { uri: string; format: ExternalFormat };
  }): Promise<CatalogTableInfo>;
  /** Removes a table with its filters, LF-tags and the grants on it (Lake Formation drops them with the table). */
  deleteTable(database: string, name: string): Promise<void>;
  updateFilter(filter: DataCellsFilter): Promise<DataCellsFilter>;
  /** Revokes every grant to a principal (when the principal is deleted); how many there were. */
  revokeAll(principal: string): Promise<number>;
  registerLocation(resourceArn: string, roleArn?: string): Promise<RegisteredLocation>;
  listLocations(): Promise<RegisteredLocation[]>;
  /** The registered location `resourceArn` names (an ARN or URI, with or without its trailing `/`); undefined when none. */
  getLocation(resourceArn: string): Promise<RegisteredLocation | undefined>;
  /**
   * Deregisters a location (Lake Formation's DeregisterResource): E_CATALOG_NOT_FOUND when it is
   * not registered, E_CATALOG_INPUT while external tables lie under it (naming them).
   */
  deregisterLocation(resourceArn: string): Promise<void>;
  createTag(key: string, values: readonly string[]): Promise<LfTagPair>;
  listTags(): Promise<LfTagPair[]>;
  /** Assigns one value per key (Lake Formation's rule) to a database, table or column, replacing that key's value there. */
  assignTags(target: TagTarget, tags: readonly LfTagPair[]): Promise<void>;
  resourceTags(target: TagTarget): Promise<ResourceTags>;
  /** The tags in effect on a table and its columns (a table inherits its database's, a column its table's). */
  tableTags(database: string, table: string): Promise<TableTags>;
}
