import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloudwatchDoor, cloudwatchQueryDoor } from '../../../src/server/aws/cloudwatch/cloudwatch-door.js';
import { FRONT_DOORS } from '../../../src/server/front-doors.js';
import { route } from '../../../src/server/router.js';

const monitoring = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00',
};
const doorOf = (method: string, path: string, headers: Record<string, string>) => {
  const r = route({ method, path, headers, query: new URLSearchParams() }, FRONT_DOORS);
  return 'door' in r ? r.door : r;
};

test('requests signed "monitoring" reach CloudWatch by target (JSON) or at / without one (Query), nothing else', () => {
  const json = { ...monitoring, 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData' };
  assert.equal(doorOf('POST', '/', json), cloudwatchDoor);
  assert.equal(doorOf('POST', '/', { ...monitoring, 'content-type': 'application/x-www-form-urlencoded' }), cloudwatchQueryDoor);
  assert.deepEqual(doorOf('POST', '/api/v1/runs', monitoring), {
    missing: 'No monitoring operation answers POST /api/v1/runs.',
    aws: true,
  });
  // A SageMaker-signed request at / is never CloudWatch's, whatever its body.
  assert.notEqual(
    doorOf('POST', '/', { authorization: monitoring.authorization.replace('monitoring', 'sagemaker') }),
    cloudwatchQueryDoor,
  );
});
