import type { ServerRequest } from '../../http/exchange.js';

/**
 * The S3 operation a request is, by S3's REST rules (method, bucket or object, subresource), for
 * the access log only: s3rver does the routing. `GET /b?list-type=2` → `ListObjectsV2`,
 * `PUT /b/k?partNumber=1&uploadId=…` → `UploadPart`, an unlisted subresource → `GET ?acl`.
 */
export function s3Operation(req: Pick<ServerRequest, 'method' | 'path' | 'query' | 'headers'>): string {
  const slash = req.path.indexOf('/', 1);
  const onObject = slash > 0 && slash < req.path.length - 1;
  if (req.path === '/' || req.path === '') return req.method === 'GET' ? 'ListBuckets' : req.method;
  const q = req.query;
  if (onObject) {
    if (q.has('uploadId')) return UPLOAD_OPERATIONS[req.method] ?? `${req.method} ?uploadId`;
    if (q.has('uploads') && req.method === 'POST') return 'CreateMultipartUpload';
    if (q.has('tagging')) return `${req.method === 'PUT' ? 'Put' : req.method === 'DELETE' ? 'Delete' : 'Get'}ObjectTagging`;
    if (q.has('acl')) return `${req.method === 'PUT' ? 'Put' : 'Get'}ObjectAcl`;
    if (req.method === 'PUT' && req.headers['x-amz-copy-source'] !== undefined) return 'CopyObject';
    return OBJECT_OPERATIONS[req.method] ?? req.method;
  }
  if (q.has('delete') && req.method === 'POST') return 'DeleteObjects';
  if (q.has('location')) return 'GetBucketLocation';
  if (q.has('uploads')) return 'ListMultipartUploads';
  if (req.method === 'GET' && q.get('list-type') === '2') return 'ListObjectsV2';
  const sub = [...q.keys()].find((k) => BUCKET_SUBRESOURCES.has(k));
  if (sub) return `${req.method} ?${sub}`;
  return BUCKET_OPERATIONS[req.method] ?? req.method;
}

const OBJECT_OPERATIONS: Readonly<Record<string, string>> = {
  GET: 'GetObject',
  HEAD: 'HeadObject',
  PUT: 'PutObject',
  DELETE: 'DeleteObject',
  POST: 'PostObject',
};
const UPLOAD_OPERATIONS: Readonly<Record<string, string>> = {
  PUT: 'UploadPart',
  POST: 'CompleteMultipartUpload',
  DELETE: 'AbortMultipartUpload',
  GET: 'ListParts',
};
const BUCKET_OPERATIONS: Readonly<Record<string, string>> = {
  GET: 'ListObjects',
  HEAD: 'HeadBucket',
  PUT: 'CreateBucket',
  DELETE: 'DeleteBucket',
  POST: 'PostObject',
};
const BUCKET_SUBRESOURCES = new Set(['acl', 'cors', 'website', 'tagging', 'versioning', 'policy', 'lifecycle', 'versions']);
