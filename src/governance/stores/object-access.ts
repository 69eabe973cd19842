/**
 * Who may touch an object (docs/governance.md, "Object stores"): the one decision `godwit storage
 * --as`, a run's artifact store and the S3 door ask before they read, write, delete or list.
 *
 * - Under a **registered location** (one registered with the catalog, or an external table's):
 *   writes and deletes need `DATA_LOCATION_ACCESS` on a location covering the object (a grant on
 *   a location covers its sub-prefixes); reads and listings need `SELECT` on a table whose
 *   location covers the object or prefix, on every row and column: a table the caller reads
 *   through a data cells filter or a column grant is not readable as files, which would bypass
 *   the filter.
 * - **Outside** every registered location, IAM policy governs alone: `s3:GetObject`,
 *   `s3:PutObject`, `s3:DeleteObject` on `arn:aws:s3:::BUCKET/KEY` and `s3:ListBucket` on
 *   `arn:aws:s3:::BUCKET` (a `gs://` object is named by its URI). The S3 door checks these itself
 *   before it asks here (`iam: false`); local files (`file://`) outside every registered location
 *   are not governed.
 * - The **local caller** is always allowed, and nothing is decided or logged.
 *
 * ```ts
 * const governor = new ObjectGovernor(metadata.catalog, (d) => metadata.accessLog.record(d), { via: 'godwit storage', iam: true });
 * await governor.check(caller, 'read', 's3://lake/sales/part-0.csv'); // E_ACCESS_DENIED unless allowed
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { locationCovers, locationUri } from '../catalog/lf-resources.js';
import type { AccessDecision, Caller, CatalogTable, GovernanceCatalog, Principal } from '../governance-records.js';
import { accessDenied, evaluate } from '../principals/policy.js';

export type ObjectAction = 'read' | 'write' | 'delete' | 'list';

/** What the decision reads of the catalog: its locations and external tables, and the grants through `allows`/`viewOf`. */
export interface ObjectCatalog extends Pick<GovernanceCatalog, 'allows' | 'viewOf'> {
  listLocations(): Promise<readonly { readonly resourceArn: string }[]>;
  listDatabases(): Promise<readonly { readonly name: string }[]>;
  listTables(database: string): Promise<readonly CatalogTable[]>;
}

export interface ObjectAccessOptions {
  /** The command or door that asks (`godwit storage`, `godwit run`, `s3`): the log's `via`. */
  readonly via: string;
  /**
   * Whether objects outside every registered location are checked against the principal's IAM
   * policies here: true for the CLI and runs; false at the S3 door, which has checked them.
   */
  readonly iam: boolean;
  /** How long a snapshot of the registered locations and external tables is reused (ms); 2000 by default. */
  readonly ttlMs?: number;
}

/** A decision: whether the action is allowed, the row for the access log (none when nothing was governed), and the refusal. */
export interface ObjectAccess {
  readonly allowed: boolean;
  readonly decision?: Omit<AccessDecision, 'at'>;
  readonly error?: GodwitError;
}

const IAM_ACTIONS: Readonly<Record<ObjectAction, string>> = {
  read: 's3:GetObject',
  write: 's3:PutObject',
  delete: 's3:DeleteObject',
  list: 's3:ListBucket',
};

const VERBS: Readonly<Record<ObjectAction, string>> = { read: 'Reading', write: 'Writing', delete: 'Deleting', list: 'Listing' };

interface Snapshot {
  readonly at: number;
  readonly locations: readonly string[];
  readonly tables: readonly { readonly database: string; readonly name: string; readonly location: string }[];
}

export class ObjectGovernor {
  private snapshot?: Promise<Snapshot>;

  constructor(
    private readonly catalog: ObjectCatalog,
    private readonly record: (decisions: readonly Omit<AccessDecision, 'at'>[]) => Promise<void>,
    readonly options: ObjectAccessOptions,
  ) {}

  /** Decides and logs; resolves when allowed, rejects with E_ACCESS_DENIED naming the URI and the missing permission. */
  async check(caller: Caller, action: ObjectAction, uri: string): Promise<void> {
    const access = await this.decide(caller, action, uri);
    if (access.decision) await this.record([access.decision]);
    if (!access.allowed) throw access.error;
  }

  /** Decides without logging (what a listing's entries are filtered by). */
  async decide(caller: Caller, action: ObjectAction, uri: string): Promise<ObjectAccess> {
    if (caller.kind === 'local') return { allowed: true };
    const target = normalise(uri);
    if (target === undefined) return { allowed: true };
    const snap = await this.load();
    const location = snap.locations.find((l) => locationCovers(l, target));
    const principal = caller.principal;
    if (location === undefined) return this.outside(principal, action, target);
    // Matched without the trailing slash; named (in the log and messages) as given.
    const base = { principal: principal.arn, resource: uri, via: this.options.via };
    if (action === 'write' || action === 'delete') {
      const ok = await this.catalog.allows(caller, 'DATA_LOCATION_ACCESS', { DataLocation: { ResourceArn: target } });
      const decision = {
        ...base,
        action: 'lakeformation:DATA_LOCATION_ACCESS',
        decision: ok ? 'allowed' : 'denied',
        detail: ok
          ? `${IAM_ACTIONS[action]}: DATA_LOCATION_ACCESS on a location covering it (registered ${location})`
          : `${IAM_ACTIONS[action]}: no DATA_LOCATION_ACCESS covering it (registered ${location})`,
      } as const;
      if (ok) return { allowed: true, decision };
      return {
        allowed: false,
        decision,
        error: new GodwitError(
          'E_ACCESS_DENIED',
          `${VERBS[action]} ${uri} needs DATA_LOCATION_ACCESS on ${location} (a registered location) or a prefix of it above ${uri}; ${principal.arn} holds none.`,
          {
            hint: `An administrator grants it: godwit grant DATA_LOCATION_ACCESS --on location:${location}/ --to ${short(principal)}`,
          },
        ),
      };
    }
    return this.readable(caller, principal, action, uri, location, snap);
  }

  /** Reads and listings: SELECT, on every row and column, on a table over the object. */
  private async readable(
    caller: Caller,
    principal: Principal,
    action: ObjectAction,
    uri: string,
    location: string,
    snap: Snapshot,
  ): Promise<ObjectAccess> {
    const base = { principal: principal.arn, resource: uri, via: this.options.via, action: 'lakeformation:SELECT' };
    const over = snap.tables.filter((t) => locationCovers(t.location, uri));
    const filtered: string[] = [];
    for (const t of over) {
      if (await this.catalog.allows(caller, 'SELECT', { Table: { DatabaseName: t.database, Name: t.name } })) {
        return {
          allowed: true,
          decision: { ...base, decision: 'allowed', detail: `${IAM_ACTIONS[action]}: SELECT on ${t.database}.${t.name}` },
        };
      }
      const view = await this.catalog.viewOf(caller, t.database, t.name);
      if (view.kind === 'filtered') filtered.push(`${t.database}.${t.name}`);
    }
    const why =
      over.length === 0
        ? `no table of the catalog lies over it (registered ${location})`
        : filtered.length > 0
          ? `the caller reads ${filtered.join(', ')} only through filters or column grants, which its files would bypass`
          : `no SELECT on ${over.map((t) => `${t.database}.${t.name}`).join(', ')}`;
    const table = over[0] ? `${over[0].database}.${over[0].name}` : undefined;
    return {
      allowed: false,
      decision: { ...base, decision: 'denied', detail: `${IAM_ACTIONS[action]}: ${why}` },
      error: new GodwitError(
        'E_ACCESS_DENIED',
        `${VERBS[action]} ${uri} needs SELECT on a table over it (all its rows and columns): ${why}; ${principal.arn} may not.`,
        {
          hint: table
            ? `An administrator grants it: godwit grant SELECT --on ${table} --to ${short(principal)}`
            : `It lies in the registered location ${location}: read it through a table (godwit catalog create-table), or ask for SELECT on one.`,
        },
      ),
    };
  }

  /** IAM alone, outside every registered location: evaluated here for the CLI and runs; the S3 door has already. */
  private outside(principal: Principal, action: ObjectAction, target: string): ObjectAccess {
    if (!this.options.iam || target.startsWith('file://')) return { allowed: true };
    const iamAction = IAM_ACTIONS[action];
    const resource = iamResource(action, target);
    const { outcome, statement } = evaluate(principal.policies, iamAction, resource);
    const allowed = outcome === 'allow';
    return {
      allowed,
      decision: {
        principal: principal.arn,
        action: iamAction,
        resource,
        decision: allowed ? 'allowed' : 'denied',
        detail: allowed
          ? `allowed by ${statement}`
          : outcome === 'deny'
            ? `explicit deny by ${statement}`
            : 'no policy allows it',
        via: this.options.via,
      },
      error: allowed ? undefined : accessDenied(principal.arn, iamAction, resource, outcome === 'deny'),
    };
  }

  /** Every registered location within `prefix` (a bucket, or a prefix above them): what a bulk delete there may touch. */
  async locationsWithin(prefix: string): Promise<readonly string[]> {
    const target = normalise(prefix);
    if (target === undefined) return [];
    return (await this.load()).locations.filter((l) => locationCovers(target, l));
  }

  private load(): Promise<Snapshot> {
    const ttl = this.options.ttlMs ?? 2000;
    const now = Date.now();
    const current = this.snapshot;
    if (current) {
      return current.then((s) => (now - s.at <= ttl ? s : this.reload()));
    }
    return this.reload();
  }

  private reload(): Promise<Snapshot> {
    const at = Date.now();
    const loading = (async (): Promise<Snapshot> => {
      const locations = new Set((await this.catalog.listLocations()).map((l) => locationUri(l.resourceArn)));
      const tables: { database: string; name: string; location: string }[] = [];
      for (const db of await this.catalog.listDatabases()) {
        for (const t of await this.catalog.listTables(db.name)) {
          if (!t.location) continue;
          const location = locationUri(t.location.uri);
          tables.push({ database: t.database, name: t.name, location });
          locations.add(location);
        }
      }
      return { at, locations: [...locations], tables };
    })();
    this.snapshot = loading;
    loading.catch(() => {
      if (this.snapshot === loading) this.snapshot = undefined;
    });
    return loading;
  }
}

/** `s3://b/k` and `gs://b/k` (and `file:///p`) with no trailing slash; undefined for anything else (not an object store URI). */
function normalise(uri: string): string | undefined {
  if (!/^(s3|gs):\/\/[^/]|^file:\/\/\//.test(uri)) return undefined;
  return uri.replace(/\/+$/, '');
}

function iamResource(action: ObjectAction, uri: string): string {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m) return action === 'list' ? uri.replace(/^(gs:\/\/[^/]+).*$/, '$1') : uri;
  return action === 'list' || m[2] === undefined ? `arn:aws:s3:::${m[1]}` : `arn:aws:s3:::${m[1]}/${m[2]}`;
}

function short(principal: Principal): string {
  return `${principal.kind}/${principal.name}`;
}
