import type { ServerRequest } from '../../http/exchange.js';

/**
 * The IAM action an S3 operation (`s3-operation.ts`) needs and the resources it acts on, as S3's
 * authorization reference lists them: object operations on `arn:aws:s3:::BUCKET/KEY`, bucket
 * operations on `arn:aws:s3:::BUCKET`, ListBuckets on `*`. Reads of an object (GetObject,
 * HeadObject) are `s3:GetObject`, every part of a write (PutObject, CopyObject, the multipart
 * calls) `s3:PutObject`, listing a bucket (ListObjects, ListObjectsV2, HeadBucket) `s3:ListBucket`.
 * CopyObject also needs `s3:GetObject` on its source. DeleteObjects is asked on `BUCKET/*`: its
 * keys are in the body, which streams and is never held.
 */
export interface S3Check {
  readonly action: string;
  readonly resources: readonly string[];
}

const ACTIONS: Readonly<Record<string, string>> = {
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  PostObject: 's3:PutObject',
  CopyObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  DeleteObject: 's3:DeleteObject',
  DeleteObjects: 's3:DeleteObject',
  GetObjectTagging: 's3:GetObjectTagging',
  PutObjectTagging: 's3:PutObjectTagging',
  DeleteObjectTagging: 's3:DeleteObjectTagging',
  GetObjectAcl: 's3:GetObjectAcl',
  PutObjectAcl: 's3:PutObjectAcl',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  GetBucketLocation: 's3:GetBucketLocation',
  CreateBucket: 's3:CreateBucket',
  DeleteBucket: 's3:DeleteBucket',
  ListBuckets: 's3:ListAllMyBuckets',
};

// `GET ?versioning` and the like: s3:GetBucketVersioning / s3:PutBucketVersioning.
const SUBRESOURCES: Readonly<Record<string, string>> = {
  acl: 'Acl',
  cors: 'CORS',
  website: 'Website',
  tagging: 'Tagging',
  versioning: 'Versioning',
  policy: 'Policy',
  lifecycle: 'LifecycleConfiguration',
  versions: 'Versions',
};

export function s3Check(operation: string, req: Pick<ServerRequest, 'method' | 'path' | 'headers'>): S3Check {
  const slash = req.path.indexOf('/', 1);
  const bucket = decode(slash < 0 ? req.path.slice(1) : req.path.slice(1, slash));
  const key = slash < 0 ? '' : decode(req.path.slice(slash + 1));
  const bucketArn = `arn:aws:s3:::${bucket}`;
  if (operation === 'ListBuckets' || bucket === '') return { action: 's3:ListAllMyBuckets', resources: ['*'] };
  const sub = /^([A-Z]+) \?([a-z]+)$/.exec(operation);
  if (sub) {
    if (sub[2] === 'versions') return { action: 's3:ListBucketVersions', resources: [bucketArn] };
    const verb = sub[1] === 'PUT' ? 'Put' : sub[1] === 'DELETE' ? 'Delete' : 'Get';
    return { action: `s3:${verb}Bucket${SUBRESOURCES[sub[2]] ?? sub[2]}`, resources: [bucketArn] };
  }
  const action = ACTIONS[operation] ?? `s3:${operation}`;
  if (operation === 'DeleteObjects') return { action, resources: [`${bucketArn}/*`] };
  const onObject = key !== '' && !action.startsWith('s3:ListBucket') && !BUCKET_ACTIONS.has(action);
  return { action, resources: [onObject ? `${bucketArn}/${key}` : bucketArn] };
}

const BUCKET_ACTIONS = new Set(['s3:CreateBucket', 's3:DeleteBucket', 's3:GetBucketLocation']);

/** CopyObject's source (`x-amz-copy-source: /bucket/key` or `bucket/key`, URL-encoded, maybe `?versionId=`) as an ARN. */
export function copySourceArn(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const path = value.split('?')[0].replace(/^\//, '');
  return `arn:aws:s3:::${decode(path)}`;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
