import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { s3Operation } from '../../../src/server/aws/s3/s3-operation.js';
import { unsafeS3Request } from '../../../src/server/aws/s3/s3-request-guard.js';
import { headersWithLocalCredentials, withLocalCredentials } from '../../../src/server/aws/s3/s3rver-request.js';

const req = (method: string, target: string, headers: Record<string, string> = {}) => {
  const [path, query = ''] = target.split('?');
  return { method, path, query: new URLSearchParams(query), headers };
};

describe('S3 requests at the door', () => {
  test('operation names for the access log', () => {
    const cases: [string, string, string, Record<string, string>?][] = [
      ['GET', '/', 'ListBuckets'],
      ['PUT', '/b/', 'CreateBucket'],
      ['GET', '/b?list-type=2&prefix=a', 'ListObjectsV2'],
      ['GET', '/b', 'ListObjects'],
      ['POST', '/b?delete', 'DeleteObjects'],
      ['PUT', '/b/k/x.csv', 'PutObject'],
      ['PUT', '/b/k', 'CopyObject', { 'x-amz-copy-source': '/b/j' }],
      ['GET', '/b/k', 'GetObject'],
      ['HEAD', '/b/k', 'HeadObject'],
      ['DELETE', '/b/k', 'DeleteObject'],
      ['POST', '/b/k?uploads', 'CreateMultipartUpload'],
      ['PUT', '/b/k?partNumber=2&uploadId=u1', 'UploadPart'],
      ['POST', '/b/k?uploadId=u1', 'CompleteMultipartUpload'],
      ['DELETE', '/b/k?uploadId=u1', 'AbortMultipartUpload'],
      ['GET', '/b?cors', 'GET ?cors'],
    ];
    for (const [method, target, name, headers] of cases) assert.equal(s3Operation(req(method, target, headers)), name, target);
  });

  test('keys, copy sources, uploads and parts that would name files outside the bucket are refused', () => {
    const code = (method: string, target: string, headers?: Record<string, string>) =>
      unsafeS3Request(req(method, target, headers))?.code ?? 'ok';
    assert.equal(code('PUT', '/b/a/b/c.txt'), 'ok');
    assert.equal(code('PUT', '/b/a..b/..c'), 'ok', 'dots inside a segment are a name');
    assert.equal(code('PUT', '/b/a/../../x'), 'InvalidArgument');
    assert.equal(code('PUT', '/b/a/%2E%2E/%2e%2e/x'), 'InvalidArgument');
    assert.equal(code('PUT', '/b/a%2F..%2F..%2Fx'), 'InvalidArgument');
    assert.equal(code('GET', '/../x'), 'InvalidBucketName');
    assert.equal(code('PUT', '/b/k', { 'x-amz-copy-source': '/b/../../etc/passwd' }), 'InvalidArgument');
    assert.equal(code('PUT', '/b/k?partNumber=1&uploadId=..%2F..%2Fx'), 'NoSuchUpload');
    assert.equal(code('PUT', '/b/k?partNumber=..%2Fx&uploadId=abc'), 'InvalidArgument');
    assert.equal(code('PUT', '/b/k?partNumber=10001&uploadId=abc'), 'InvalidArgument');
    assert.equal(code('PUT', '/b/k?partNumber=10000&uploadId=4f1c-a_b'), 'ok');
  });

  test("any access key becomes s3rver's; the rest of the request is kept as sent", () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261205/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=abc';
    assert.equal(
      headersWithLocalCredentials({ authorization: auth, host: 'h' }).authorization,
      'AWS4-HMAC-SHA256 Credential=S3RVER/20261205/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=abc',
    );
    assert.equal(headersWithLocalCredentials({ authorization: 'AWS key:sig' }).authorization, 'AWS S3RVER:sig');
    assert.equal(
      withLocalCredentials(
        '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261205%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=1',
      ),
      '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=S3RVER%2F20261205%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=1',
    );
    assert.equal(withLocalCredentials('/b/k?AWSAccessKeyId=AKID&Signature=x'), '/b/k?AWSAccessKeyId=S3RVER&Signature=x');
    assert.equal(withLocalCredentials('/b/k'), '/b/k');
  });
});
