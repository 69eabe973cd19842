import type { ServerRequest } from '../http/exchange.js';
import { header } from '../http/exchange.js';

/**
 * The credential scope of a SigV4-signed request: `AKID/20261205/us-east-1/sagemaker/aws4_request`,
 * read from the `Authorization` header or, for presigned URLs, the `X-Amz-Credential` query
 * parameter. The service in it is the SDK's signing name (`sagemaker` for both SageMaker and
 * SageMaker Runtime, `s3`, `states`, `events`), which is what routing looks at first.
 *
 * Only the scope is read: the signature is not checked while the server binds loopback only, and
 * the access key and signature are never kept or logged.
 */
export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

const FROM_HEADER = /^AWS4-HMAC-SHA256\s+Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;
const FROM_QUERY = /^[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/;

export function credentialScope(req: Pick<ServerRequest, 'headers' | 'query'>): CredentialScope | undefined {
  const fromHeader = headerScope(header(req, 'authorization'));
  if (fromHeader) return fromHeader;
  const presigned = req.query.get('X-Amz-Credential');
  const q = presigned ? FROM_QUERY.exec(presigned) : null;
  return q ? { region: q[1], service: q[2] } : undefined;
}

/** The scope of an `Authorization` header alone (a request without a query string has no other). */
export function headerScope(authorization: string | undefined): CredentialScope | undefined {
  const m = authorization ? FROM_HEADER.exec(authorization) : null;
  return m ? { region: m[1], service: m[2] } : undefined;
}
