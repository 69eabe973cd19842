/**
 * Data governance's contract (docs/governance-design.md): Lake Formation's model spoken exactly
 * (principals, permissions on its resource shapes, data cells filters, LF-tags), the stores that
 * keep it, and the two seams the rest of Godwit asks through: a principal's view of a table (what
 * the SQL rewriter substitutes for it) and whether a caller may perform an action on a resource
 * (what the front doors ask before they act).
 *
 * Names follow Lake Formation's API (`DataLakePrincipalIdentifier`, `TableWithColumns`,
 * `ColumnWildcard`, `AllRowsWildcard`, …) so that the Lake Formation door passes shapes through,
 * and `ListPermissions` returns what was granted, as granted.
 */

// ── Principals ──────────────────────────────────────────────────────────────────────────────

export type PrincipalKind = 'user' | 'role';

/** A user or a role. Its ARN (`arn:aws:iam::000000000000:user/NAME`) is its Lake Formation identifier. */
export interface Principal {
  readonly name: string;
  readonly kind: PrincipalKind;
  readonly arn: string;
  readonly description?: string;
  /** IAM-like policies attached to it (see `PolicyDocument`). */
  readonly policies: readonly PolicyDocument[];
  readonly createdAt: Date;
}

/** Everyone, as Lake Formation's `IAM_ALLOWED_PRINCIPALS` group: a grant to it is a grant to every principal. */
export const EVERYONE = 'IAM_ALLOWED_PRINCIPALS';

/** The caller every check is made for: a principal, or the local user when no principals are configured. */
export type Caller =
  | { readonly kind: 'principal'; readonly principal: Principal }
  | { readonly kind: 'local'; readonly user: string };

/** An access key as listed: the secret is never returned after creation. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly principal: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: Date;
  readonly lastUsedAt?: Date;
}

/** A bearer token as listed: only its id and prefix; the token itself is stored as a SHA-256 hash. */
export interface BearerToken {
  readonly id: string;
  readonly principal: string;
  /** The first characters of the token (`gw_AbCd…`), so a user can tell tokens apart. */
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt?: Date;
}

/**
 * IAM's simple subset: statements of Effect, Action and Resource, both with `*` and `?` wildcards
 * (`sagemaker:Create*`, `arn:aws:sagemaker:*:*:endpoint/prod-*`). An explicit Deny wins; no Allow
 * is an implicit deny.
 */
export interface PolicyDocument {
  readonly Version?: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}

/** Principals and their credentials (capability `principals`; secrets: see docs/governance-design.md). */
export interface PrincipalStore {
  /** True when at least one principal exists: then the server authenticates every request. */
  any(): Promise<boolean>;
  /** True when some principal holds an active access key or an unexpired token: what binding beyond loopback needs. */
  anyCredentials(): Promise<boolean>;
  create(input: {
    name: string;
    kind: PrincipalKind;
    description?: string;
    policies?: readonly PolicyDocument[];
  }): Promise<Principal>;
  /** By name or ARN; undefined when there is none. */
  get(nameOrArn: string): Promise<Principal | undefined>;
  list(): Promise<Principal[]>;
  putPolicies(name: string, policies: readonly PolicyDocument[]): Promise<Principal>;
  /** Deletes the principal, its keys and tokens; its grants are revoked. */
  delete(name: string): Promise<void>;
  /** A new access key; the secret is in the answer and nowhere else in plain text. */
  createAccessKey(principal: string): Promise<AccessKey & { readonly secretAccessKey: string }>;
  listAccessKeys(principal?: string): Promise<AccessKey[]>;
  deleteAccessKey(accessKeyId: string): Promise<void>;
  /** The key's principal and decrypted secret, to verify a SigV4 signature; undefined for an unknown or inactive key. */
  resolveAccessKey(accessKeyId: string): Promise<{ readonly principal: Principal; readonly secretAccessKey: string } | undefined>;
  /** A new bearer token, in the answer only. */
  createToken(principal: string, options?: { expiresAt?: Date }): Promise<BearerToken & { readonly token: string }>;
  listTokens(principal?: string): Promise<BearerToken[]>;
  deleteToken(id: string): Promise<void>;
  /** The token's principal, or undefined for an unknown, expired or deleted token. */
  resolveToken(token: string): Promise<Principal | undefined>;
}

// ── Lake Formation's permissions and resources ─────────────────────────────────────────────

export type LfPermission =
  | 'ALL'
  | 'SELECT'
  | 'INSERT'
  | 'DELETE'
  | 'DESCRIBE'
  | 'ALTER'
  | 'DROP'
  | 'CREATE_DATABASE'
  | 'CREATE_TABLE'
  | 'DATA_LOCATION_ACCESS';

export interface LfTagPair {
  readonly TagKey: string;
  readonly TagValues: readonly string[];
}

/** Exactly one member is set, as in Lake Formation's `Resource`. */
export interface LfResource {
  readonly Catalog?: Record<string, never>;
  readonly Database?: { readonly Name: string };
  readonly Table?: { readonly DatabaseName: string; readonly Name?: string; readonly TableWildcard?: Record<string, never> };
  readonly TableWithColumns?: {
    readonly DatabaseName: string;
    readonly Name: string;
    readonly ColumnNames?: readonly string[];
    readonly ColumnWildcard?: { readonly ExcludedColumnNames?: readonly string[] };
  };
  readonly DataLocation?: { readonly ResourceArn: string };
  readonly DataCellsFilter?: { readonly DatabaseName: string; readonly TableName: string; readonly Name: string };
  readonly LFTag?: LfTagPair;
  readonly LFTagPolicy?: { readonly ResourceType: 'DATABASE' | 'TABLE'; readonly Expression: readonly LfTagPair[] };
}

/** One grant, as `ListPermissions` returns it (`PrincipalResourcePermissions`). */
export interface LfGrant {
  readonly Principal: { readonly DataLakePrincipalIdentifier: string };
  readonly Resource: LfResource;
  readonly Permissions: readonly LfPermission[];
  readonly PermissionsWithGrantOption: readonly LfPermission[];
  readonly LastUpdated?: Date;
  readonly LastUpdatedBy?: string;
}

/** A data cells filter, as Lake Formation's `DataCellsFilter`. */
export interface DataCellsFilter {
  readonly DatabaseName: string;
  readonly TableName: string;
  readonly Name: string;
  /** A SQL predicate over the table's columns, or all rows. */
  readonly RowFilter: { readonly FilterExpression: string } | { readonly AllRowsWildcard: Record<string, never> };
  /** Exactly one of ColumnNames and ColumnWildcard. */
  readonly ColumnNames?: readonly string[];
  readonly ColumnWildcard?: { readonly ExcludedColumnNames?: readonly string[] };
  readonly VersionId?: string;
}

// ── The catalog ────────────────────────────────────────────────────────────────────────────

export interface CatalogColumn {
  readonly name: string;
  /** The warehouse's type name. */
  readonly type: string;
}

/** A table: one of the warehouse's, or an external table over a registered location. */
export interface CatalogTable {
  readonly database: string;
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  /** An external table's location (`s3://bucket/prefix/`) and format; undefined for a warehouse table. */
  readonly location?: { readonly uri: string; readonly format: 'csv' | 'json' | 'parquet' };
}

/**
 * One SELECT grant reaching a table, as the rewriter applies it: rows (a predicate in the
 * warehouse's SQL, or undefined for all rows) × the columns it grants, and where it came from
 * (for the audit log: `table`, `columns`, `filter NAME`, `tag-policy …`).
 */
export interface ViewSlice {
  readonly rowFilter?: string;
  readonly columns: readonly string[];
  readonly source: string;
}

/**
 * A caller's view of one table (docs/governance-design.md, "A principal's view of a table"):
 * `unrestricted` (no principals, or a grant of every row and column), `filtered` (the slices;
 * rows are their union, a column holds its value in a row when a slice covering the row grants
 * it, NULL otherwise, and a column no slice grants is not in the view), or `denied`.
 */
export type TableView =
  | { readonly kind: 'unrestricted'; readonly table: CatalogTable }
  | { readonly kind: 'filtered'; readonly table: CatalogTable; readonly slices: readonly ViewSlice[] }
  | { readonly kind: 'denied'; readonly table: CatalogTable; readonly reason: string };

/** The catalog, grants, filters and LF-tags (capability `catalog`). Errors are GodwitErrors with Lake Formation's names in their messages. */
export interface GovernanceCatalog {
  // Databases and tables (warehouse tables are read from the warehouse when a database is registered or refreshed).
  listDatabases(): Promise<{ name: string; description?: string; warehouse?: string; location?: string }[]>;
  listTables(database: string): Promise<CatalogTable[]>;
  getTable(database: string, name: string): Promise<CatalogTable | undefined>;
  // Grants.
  grant(grant: Omit<LfGrant, 'LastUpdated' | 'LastUpdatedBy'>, by: string): Promise<void>;
  revoke(grant: Omit<LfGrant, 'LastUpdated' | 'LastUpdatedBy'>, by: string): Promise<void>;
  listPermissions(filter?: { principal?: string; resource?: LfResource }): Promise<LfGrant[]>;
  // Data cells filters.
  createFilter(filter: DataCellsFilter): Promise<DataCellsFilter>;
  getFilter(database: string, table: string, name: string): Promise<DataCellsFilter | undefined>;
  listFilters(table?: { database: string; name: string }): Promise<DataCellsFilter[]>;
  deleteFilter(database: string, table: string, name: string): Promise<void>;
  /** What `caller` may read of the table: the seam the SQL rewriter and the stores ask through. */
  viewOf(caller: Caller, database: string, table: string): Promise<TableView>;
  /** Whether `caller` holds `permission` on `resource` (directly, through a wildcard, a tag policy or ALL). */
  allows(caller: Caller, permission: LfPermission, resource: LfResource): Promise<boolean>;
}

// ── Authorization and audit ────────────────────────────────────────────────────────────────

/** One access decision, as the append-only audit log keeps it. */
export interface AccessDecision {
  readonly at: Date;
  /** The principal's ARN, or `local:USER`. */
  readonly principal: string;
  /** `lakeformation:SELECT`, `sagemaker:CreateEndpoint`, `s3:GetObject`, … */
  readonly action: string;
  /** An ARN, `DATABASE.TABLE`, or a URI. */
  readonly resource: string;
  readonly decision: 'allowed' | 'denied';
  /** The filters or grants applied (slices' sources), or why it was denied. */
  readonly detail?: string;
  /** The front door or command that asked (`godwit sql`, `sagemaker`, `s3`, `rest`). */
  readonly via: string;
}

/** The append-only access log (capability `access_audit`), written by every check, read by `godwit audit`. */
export interface AccessLog {
  record(decisions: readonly Omit<AccessDecision, 'at'>[]): Promise<void>;
  /** Newest first; `limit` defaults to 100. */
  list(filter?: AccessLogFilter): Promise<AccessDecision[]>;
}

/**
 * What `AccessLog.list` (and `godwit audit`) filters on. `principal` is an ARN, `local:USER`, or a
 * bare name (matching the user's or role's ARN and `local:NAME`); `resource` and `action` are
 * exact, or patterns where `*` is any characters; `action` ignores case, as IAM's action names do.
 */
export interface AccessLogFilter {
  principal?: string;
  resource?: string;
  action?: string;
  decision?: 'allowed' | 'denied';
  since?: Date;
  limit?: number;
}

/**
 * The check every front door makes before it acts: IAM action (`sagemaker:CreateEndpoint`) on a
 * resource ARN, for the request's caller. Resolves when allowed; rejects with a GodwitError
 * `E_ACCESS_DENIED` naming the action and resource otherwise (each door answers it in its own
 * shape: AccessDeniedException, S3's AccessDenied, REST 403). The local caller is always allowed.
 * Both outcomes are written to the access log.
 */
export type Authorize = (caller: Caller, action: string, resource: string, via: string) => Promise<void>;
