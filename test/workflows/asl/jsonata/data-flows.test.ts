import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataFlowFor } from '../../../../src/workflows/asl/data-flows.js';
import { JsonataFlow } from '../../../../src/workflows/asl/jsonata/jsonata-flow.js';
import { JsonPathFlow } from '../../../../src/workflows/asl/jsonpath/jsonpath-flow.js';

test('dataFlowFor gives one shared flow per query language', () => {
  assert.ok(dataFlowFor('JSONata') instanceof JsonataFlow);
  assert.ok(dataFlowFor('JSONPath') instanceof JsonPathFlow);
  assert.equal(dataFlowFor('JSONata'), dataFlowFor('JSONata'));
  assert.equal(dataFlowFor('JSONPath').language, 'JSONPath');
  assert.equal(dataFlowFor('JSONata').language, 'JSONata');
});
