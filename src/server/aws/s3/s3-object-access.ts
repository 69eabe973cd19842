/**
 * The S3 door's object-store enforcement (docs/governance.md, "Object stores"), asked after the
 * IAM check (`s3-iam.ts`) for a principal's request: what the operation reads, writes, deletes or
 * lists, as URIs, each decided by the `ObjectGovernor` over the catalog (Lake Formation's rules
 * under registered locations; outside them IAM has already decided) and written to the access
 * log. Refused, the door answers S3's AccessDenied before s3rver sees the request, so nothing is
 * written or deleted.
 */
import type { Caller } from '../../../governance/governance-records.js';
import type { ObjectAction, ObjectGovernor } from '../../../governance/stores/object-access.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';

const READS = new Set(['GetObject', 'HeadObject', 'GetObjectTagging', 'GetObjectAcl']);
const WRITES = new Set([
  'PutObject',
  'PostObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'PutObjectAcl',
]);
const LISTS = new Set(['ListObjects', 'ListObjectsV2', 'GET ?versions']);

/** What an S3 operation touches, as (action, URI) pairs; empty for operations on no object (buckets, ListBuckets). */
export function objectAccesses(
  operation: string,
  req: Pick<ServerRequest, 'path' | 'query' | 'headers'>,
): { action: ObjectAction; uri: string }[] {
  const slash = req.path.indexOf('/', 1);
  const bucket = decode(slash < 0 ? req.path.slice(1) : req.path.slice(1, slash));
  const key = slash < 0 ? '' : decode(req.path.slice(slash + 1));
  if (bucket === '') return [];
  const at = (k: string) => (k === '' ? `s3://${bucket}` : `s3://${bucket}/${k}`);
  if (LISTS.has(operation)) return [{ action: 'list', uri: at(req.query.get('prefix') ?? '') }];
  if (key === '') return [];
  if (READS.has(operation)) return [{ action: 'read', uri: at(key) }];
  if (operation === 'DeleteObject') return [{ action: 'delete', uri: at(key) }];
  if (!WRITES.has(operation)) return [];
  const out: { action: ObjectAction; uri: string }[] = [{ action: 'write', uri: at(key) }];
  const source = operation === 'CopyObject' ? copySource(req.headers['x-amz-copy-source']) : undefined;
  if (source) out.push({ action: 'read', uri: source });
  return out;
}

const governors = new WeakMap<ServerContext, ObjectGovernor>();

async function governorFor(context: ServerContext): Promise<ObjectGovernor> {
  let governor = governors.get(context);
  if (!governor) {
    const { ObjectGovernor } = await import('../../../governance/stores/object-access.js');
    const { catalog, accessLog } = context.services.metadata;
    governor = new ObjectGovernor(catalog, (d) => accessLog.record(d), { via: 's3', iam: false });
    governors.set(context, governor);
  }
  return governor;
}

/**
 * Resolves when the principal may do what the operation does to objects; rejects with
 * E_ACCESS_DENIED otherwise. The local caller (and a request with none) passes without a look.
 * DeleteObjects (and a browser form's POST to the bucket) names its keys in a body that streams
 * and is never held: it is allowed only when the caller holds DATA_LOCATION_ACCESS over every
 * registered location in the bucket.
 */
export async function checkObjectAccess(
  req: Pick<ServerRequest, 'caller' | 'path' | 'query' | 'headers'>,
  context: ServerContext,
  operation: string,
): Promise<void> {
  const caller: Caller | undefined = req.caller;
  if (caller === undefined || caller.kind !== 'principal') return;
  const governor = await governorFor(context);
  const slash = req.path.indexOf('/', 1);
  const keyless = slash < 0 || slash === req.path.length - 1;
  if (operation === 'DeleteObjects' || (operation === 'PostObject' && keyless)) {
    const bucket = decode(req.path.slice(1).split('/')[0] ?? '');
    for (const location of await governor.locationsWithin(`s3://${bucket}`)) await governor.check(caller, 'delete', location);
    return;
  }
  for (const { action, uri } of objectAccesses(operation, req)) await governor.check(caller, action, uri);
}

/** CopyObject's source (`/bucket/key` or `bucket/key`, URL-encoded, maybe `?versionId=`) as a URI. */
function copySource(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const path = decode(value.split('?')[0].replace(/^\//, ''));
  return path.includes('/') ? `s3://${path}` : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
