import { AwsError } from '../aws/aws-error.js';
import { queryError } from '../aws/cloudwatch/query-protocol.js';
import { awsErrorReply } from '../aws/json-protocol.js';
import type { FrontDoor } from '../front-door.js';
import { jsonReply, type Reply } from '../http/exchange.js';
import { googleError } from '../vertex/google-error.js';
import type { FailureReason } from './sigv4-verify.js';

/** The error type each AWS JSON and REST-JSON service answers a refused signature with, as AWS names them. */
const JSON_TYPES: Readonly<Record<FailureReason, string>> = {
  missing: 'MissingAuthenticationTokenException',
  malformed: 'IncompleteSignatureException',
  'unknown-key': 'UnrecognizedClientException',
  'bad-signature': 'InvalidSignatureException',
  skewed: 'InvalidSignatureException',
  expired: 'InvalidSignatureException',
};

/** S3's codes and statuses for the same refusals. */
const S3_CODES: Readonly<Record<FailureReason, readonly [string, number]>> = {
  missing: ['AccessDenied', 403],
  malformed: ['AuthorizationHeaderMalformed', 400],
  'unknown-key': ['InvalidAccessKeyId', 403],
  'bad-signature': ['SignatureDoesNotMatch', 403],
  skewed: ['RequestTimeTooSkewed', 403],
  expired: ['AccessDenied', 403],
};

const JSON_MESSAGES: Partial<Record<FailureReason, string>> = {
  missing: 'Missing Authentication Token',
  'unknown-key': 'The security token included in the request is invalid.',
};
const S3_MESSAGES: Partial<Record<FailureReason, string>> = {
  'unknown-key': 'The AWS Access Key Id you provided does not exist in our records.',
  expired: 'Request has expired',
};

/** A refused SigV4 request, answered in its door's own shape. */
export function signatureRefused(door: FrontDoor, reason: FailureReason, message: string, requestId: string): Reply {
  if (door.match.protocol === 'aws-rest' && door.match.signingName === 's3') {
    const [code, status] = S3_CODES[reason];
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${code}</Code><Message>${escapeXml(S3_MESSAGES[reason] ?? message)}</Message><RequestId>${requestId}</RequestId></Error>`;
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body,
      operation: 'Authenticate',
    };
  }
  const type = JSON_TYPES[reason];
  const text = JSON_MESSAGES[reason] ?? message;
  if (door.match.protocol === 'aws-rest' && door.match.signingName === 'monitoring') {
    return {
      status: 403,
      headers: { 'content-type': 'text/xml' },
      body: queryError(type, text, requestId, true),
      operation: 'Authenticate',
    };
  }
  const reply = awsErrorReply(new AwsError(type, text, 403));
  return { status: reply.status, headers: reply.headers, body: reply.body, operation: 'Authenticate' };
}

/** A refused request to Godwit's own API (REST, Vertex AI's :predict): 401 in the door's shape. */
export function bearerRefused(door: FrontDoor, message: string): Reply {
  if (door.name === 'vertex') {
    const reply = googleError(401, message, 'Authenticate');
    return { ...reply, headers: { ...reply.headers, 'www-authenticate': 'Bearer' } };
  }
  const reply = jsonReply(401, {
    error: {
      code: 'E_UNAUTHENTICATED',
      message,
      hint: 'Send Authorization: Bearer gw_… (create a token with: godwit principals tokens create NAME), or sign in with POST /api/session.',
    },
  });
  return {
    status: 401,
    headers: { ...reply.headers, 'www-authenticate': 'Bearer' },
    body: reply.body,
    operation: 'Authenticate',
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
