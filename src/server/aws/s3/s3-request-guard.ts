import type { ServerRequest } from '../../http/exchange.js';

/**
 * Requests s3rver must not see, because its folder store would turn them into paths outside
 * `<home>/s3/` or outside their bucket: a key (or `x-amz-copy-source`) with a `.` or `..`
 * segment once decoded, a bucket name with a `/` or dot segment, an `uploadId` or `partNumber`
 * that is not one s3rver could have made (both become path segments). S3 itself stores such keys
 * as plain strings; a store over a file tree cannot, so Godwit refuses them with S3's error shape.
 * Returns the refusal, or undefined.
 */
export function unsafeS3Request(
  req: Pick<ServerRequest, 'path' | 'query' | 'headers'>,
): { code: string; message: string; status: number } | undefined {
  const [bucket, ...key] = decodedSegments(req.path.slice(1));
  if (bucket === undefined) return invalidPath(req.path);
  if (bucket === '.' || bucket === '..' || bucket.includes('/')) {
    return { code: 'InvalidBucketName', message: `The specified bucket "${bucket}" is not valid.`, status: 400 };
  }
  if (key.some(isDotSegment)) return dotKey(key.join('/'));
  const source = req.headers['x-amz-copy-source'];
  if (typeof source === 'string') {
    const segments = decodedSegments(source.split('?')[0].replace(/^\//, ''));
    if (segments.some(isDotSegment)) return dotKey(source);
  }
  const uploadId = req.query.get('uploadId');
  if (uploadId !== null && !/^[A-Za-z0-9_-]{1,128}$/.test(uploadId)) {
    return { code: 'NoSuchUpload', message: `The specified upload "${uploadId}" does not exist.`, status: 404 };
  }
  const part = req.query.get('partNumber');
  if (part !== null && !(/^\d{1,5}$/.test(part) && Number(part) >= 1 && Number(part) <= 10_000)) {
    return {
      code: 'InvalidArgument',
      message: `Part number must be an integer between 1 and 10000, inclusive (not "${part}").`,
      status: 400,
    };
  }
  return undefined;
}

/** Path segments after percent-decoding, as s3rver's router decodes them (`%2F` becomes `/`). */
function decodedSegments(path: string): string[] {
  try {
    return decodeURIComponent(path).split('/');
  } catch {
    return [];
  }
}

function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}

function dotKey(key: string) {
  return {
    code: 'InvalidArgument',
    message: `Godwit's local S3 server cannot store the key "${key}": a "." or ".." segment would name another file. Use a key without them.`,
    status: 400,
  };
}

function invalidPath(path: string) {
  return { code: 'InvalidURI', message: `Couldn't parse the specified URI "${path}".`, status: 400 };
}
