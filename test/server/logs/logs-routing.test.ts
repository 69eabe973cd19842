import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FRONT_DOORS } from '../../../src/server/front-doors.js';
import { route } from '../../../src/server/router.js';

function doorFor(service: string | undefined, target: string): string {
  const headers: Record<string, string> = { 'x-amz-target': target };
  if (service) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00ff`;
  }
  const r = route({ method: 'POST', path: '/', headers, query: new URLSearchParams() }, FRONT_DOORS);
  return 'door' in r ? r.door.name : 'none';
}

describe('routing to the CloudWatch Logs door', () => {
  test('signed logs with a Logs_20140328 target, or unsigned with that target, is the logs door', () => {
    assert.equal(doorFor('logs', 'Logs_20140328.GetLogEvents'), 'logs');
    assert.equal(doorFor(undefined, 'Logs_20140328.DescribeLogGroups'), 'logs');
  });

  test("CloudWatch metrics' target under the logs signature, and the logs target under monitoring, reach neither", () => {
    assert.equal(doorFor('logs', 'GraniteServiceVersion20100801.ListMetrics'), 'none');
    assert.equal(doorFor('monitoring', 'Logs_20140328.GetLogEvents'), 'none');
  });
});
