/**
 * Lake Formation's resources and permissions as data: which member a `Resource` sets, the
 * permissions Lake Formation accepts on each kind, a normalised key a grant is stored under (a
 * repeated grant merges on it, a revoke finds it), and how a resource reads in a message.
 *
 * ```ts
 * resourceKey({ TableWithColumns: { DatabaseName: 'Churn', Name: 'customers', ColumnWildcard: { ExcludedColumnNames: ['email'] } } })
 * // 'columns:churn.customers:except=email'
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import { EVERYONE, type LfPermission, type LfResource, type LfTagPair } from '../governance-records.js';

export const PERMISSIONS: readonly LfPermission[] = [
  'ALL',
  'SELECT',
  'INSERT',
  'DELETE',
  'DESCRIBE',
  'ALTER',
  'DROP',
  'CREATE_DATABASE',
  'CREATE_TABLE',
  'DATA_LOCATION_ACCESS',
];

export type ResourceKind = keyof LfResource;

const KINDS: readonly ResourceKind[] = [
  'Catalog',
  'Database',
  'Table',
  'TableWithColumns',
  'DataLocation',
  'DataCellsFilter',
  'LFTag',
  'LFTagPolicy',
];

const TABLE_PERMISSIONS: readonly LfPermission[] = ['ALL', 'SELECT', 'INSERT', 'DELETE', 'DESCRIBE', 'ALTER', 'DROP'];
const DATABASE_PERMISSIONS: readonly LfPermission[] = ['ALL', 'CREATE_TABLE', 'DESCRIBE', 'ALTER', 'DROP'];

/** The one member a resource sets; anything else is Lake Formation's InvalidInputException. */
export function resourceKind(resource: LfResource | undefined): ResourceKind {
  const set = KINDS.filter((k) => resource?.[k] !== undefined && resource?.[k] !== null);
  const unknown = Object.keys(resource ?? {}).filter((k) => !KINDS.includes(k as ResourceKind));
  if (unknown.length > 0) {
    throw input(`The resource names ${unknown.join(', ')}, which Godwit's Lake Formation does not know.`, KINDS);
  }
  if (set.length !== 1) {
    throw input(
      set.length === 0 ? 'The resource sets none of its members.' : `The resource sets ${set.join(' and ')}; set exactly one.`,
      KINDS,
    );
  }
  return set[0];
}

function input(message: string, kinds: readonly string[]): GodwitError {
  return new GodwitError('E_CATALOG_INPUT', message, { hint: `A resource is one of: ${kinds.join(', ')}.` });
}

/** Lower-case, as the Glue Data Catalog keeps database and table names. */
export const catalogName = (name: string): string => name.toLowerCase();

/** The permissions Lake Formation grants on a resource of this shape. */
export function permissionsFor(resource: LfResource): readonly LfPermission[] {
  switch (resourceKind(resource)) {
    case 'Catalog':
      return ['CREATE_DATABASE'];
    case 'Database':
      return DATABASE_PERMISSIONS;
    case 'Table':
      return TABLE_PERMISSIONS;
    case 'TableWithColumns':
      // A column list or an exclusion is a column grant: SELECT only. The wildcard without exclusions is the table.
      return isWholeTable(resource) ? TABLE_PERMISSIONS : ['SELECT'];
    case 'DataLocation':
      return ['DATA_LOCATION_ACCESS'];
    case 'DataCellsFilter':
      return ['SELECT', 'DESCRIBE', 'DROP'];
    case 'LFTag':
      return ['DESCRIBE', 'ALTER', 'DROP'];
    case 'LFTagPolicy':
      return resource.LFTagPolicy?.ResourceType === 'DATABASE' ? DATABASE_PERMISSIONS : TABLE_PERMISSIONS;
  }
}

/** A TableWithColumns that names every column: `ColumnWildcard` without exclusions. */
export function isWholeTable(resource: LfResource): boolean {
  const t = resource.TableWithColumns;
  return !!t && !t.ColumnNames && !!t.ColumnWildcard && (t.ColumnWildcard.ExcludedColumnNames ?? []).length === 0;
}

const list = (names: readonly string[] | undefined) => [...new Set((names ?? []).map((n) => n.toLowerCase()))].sort().join(',');
const tagList = (pairs: readonly LfTagPair[]) =>
  [...pairs]
    .map((p) => `${p.TagKey.toLowerCase()}=${[...new Set(p.TagValues)].sort().join('|')}`)
    .sort()
    .join(';');

/** The normalised key a grant on `resource` is stored under (one per principal and key). */
export function resourceKey(resource: LfResource): string {
  switch (resourceKind(resource)) {
    case 'Catalog':
      return 'catalog';
    case 'Database':
      return `database:${catalogName(resource.Database!.Name)}`;
    case 'Table': {
      const t = resource.Table!;
      return `table:${catalogName(t.DatabaseName)}.${t.TableWildcard ? '*' : catalogName(t.Name ?? '')}`;
    }
    case 'TableWithColumns': {
      const t = resource.TableWithColumns!;
      const base = `${catalogName(t.DatabaseName)}.${catalogName(t.Name)}`;
      // The whole table through the wildcard is the same grant as on the table.
      if (isWholeTable(resource)) return `table:${base}`;
      return t.ColumnNames
        ? `columns:${base}:${list(t.ColumnNames)}`
        : `columns:${base}:except=${list(t.ColumnWildcard?.ExcludedColumnNames)}`;
    }
    case 'DataLocation':
      return `location:${locationUri(resource.DataLocation!.ResourceArn)}`;
    case 'DataCellsFilter': {
      const f = resource.DataCellsFilter!;
      return `filter:${catalogName(f.DatabaseName)}.${catalogName(f.TableName)}.${f.Name}`;
    }
    case 'LFTag':
      return `tag:${tagList([resource.LFTag!])}`;
    case 'LFTagPolicy':
      return `tag-policy:${resource.LFTagPolicy!.ResourceType}:${tagList(resource.LFTagPolicy!.Expression)}`;
  }
}

/** A resource as a message names it: `table churn.customers`, `data cells filter churn.customers.eu`. */
export function describeResource(resource: LfResource): string {
  const key = resourceKey(resource);
  const [kind, ...rest] = key.split(':');
  const what = rest.join(':');
  switch (kind) {
    case 'catalog':
      return 'the catalog';
    case 'columns':
      return `columns ${what.replace(':except=', ' except ').replace(':', ' (')}${what.includes(':except=') ? '' : ')'}`;
    case 'filter':
      return `data cells filter ${what}`;
    case 'tag':
      return `LF-tag ${what}`;
    case 'tag-policy':
      return `LF-tag policy on ${what.replace(':', 's ')}`;
    default:
      return `${kind} ${what}`;
  }
}

/**
 * A location as a URI without its trailing slash: `arn:aws:s3:::bucket/prefix` (Lake Formation's
 * form) and `s3://bucket/prefix/` are the same location; `gs://` and `file://` are kept as given.
 */
export function locationUri(arnOrUri: string): string {
  const s3 = /^arn:aws:s3:::(.+)$/.exec(arnOrUri);
  const uri = s3 ? `s3://${s3[1]}` : arnOrUri;
  if (!/^(s3|gs|file):\/\/[^/]/.test(uri) && !/^file:\/\/\//.test(uri)) {
    throw new GodwitError('E_CATALOG_INPUT', `"${arnOrUri}" is not a data location.`, {
      hint: 'A location is an S3 ARN (arn:aws:s3:::bucket/prefix) or a URI: s3://bucket/prefix/, gs://bucket/prefix/, file:///path/.',
    });
  }
  return uri.replace(/\/+$/, '');
}

/** True when `uri` is `location` or under it (a grant on a location covers its sub-prefixes). */
export function locationCovers(location: string, uri: string): boolean {
  const base = locationUri(location);
  const target = locationUri(uri);
  return target === base || target.startsWith(`${base}/`);
}

const PRINCIPAL = /^arn:aws:iam::\d{12}:(user|role)\/[\w+=,.@/-]{1,128}$/;

/**
 * A Lake Formation principal: an IAM user or role ARN, or `IAM_ALLOWED_PRINCIPALS`. Whether the
 * principal exists is the principal store's business: a grant may name one made later, as Lake
 * Formation lets a grant name any IAM ARN.
 */
export function checkPrincipal(identifier: string | undefined): string {
  if (identifier === EVERYONE || (identifier !== undefined && PRINCIPAL.test(identifier))) return identifier;
  throw new GodwitError('E_CATALOG_INPUT', `"${identifier ?? ''}" is not a Lake Formation principal.`, {
    hint: `Give an IAM ARN (arn:aws:iam::000000000000:user/ana, …:role/analysts) or ${EVERYONE}.`,
  });
}

/** The permissions given, checked against Lake Formation's list; unknown ones are named. */
export function checkPermissions(permissions: readonly string[] | undefined, what: string): LfPermission[] {
  const given = [...new Set(permissions ?? [])];
  const unknown = given.filter((p) => !PERMISSIONS.includes(p as LfPermission));
  if (unknown.length > 0) {
    throw new GodwitError(
      'E_CATALOG_INPUT',
      `${what}: ${unknown.map((p) => `"${p}"`).join(', ')} is not a Lake Formation permission.`,
      {
        hint: `Permissions: ${PERMISSIONS.join(', ')}.`,
      },
    );
  }
  return given as LfPermission[];
}
