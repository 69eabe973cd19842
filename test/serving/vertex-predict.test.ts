import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseVertexPredict,
  vertexModelRequest,
  vertexPredictions,
  vertexPredictResponse,
} from '../../src/serving/vertex-predict.js';
import { startRegressor } from './linear-fixture.js';

const answer = (body: string, contentType: string) => ({ body: Buffer.from(body), contentType });

describe("Vertex AI's prediction shape", () => {
  it('reads instances and parameters, and refuses anything else', () => {
    assert.deepEqual(parseVertexPredict(Buffer.from('{"instances":[[1,2]],"parameters":{"k":1},"labels":{}}')), {
      instances: [[1, 2]],
      parameters: { k: 1 },
    });
    for (const bad of ['[1]', '{"instances":[]}', '{"instances":{}}', 'nope', 'null']) {
      assert.throws(() => parseVertexPredict(Buffer.from(bad)), { code: 'E_VERTEX_REQUEST' }, bad);
    }
  });

  it('gives a model the JSON body, or CSV rows, and a real linear learner answers both', async () => {
    const model = await startRegressor([2, 1], 0.5);
    const predict = {
      instances: [
        [1, 2],
        [0, 0],
      ],
    };
    const json = vertexModelRequest(predict);
    assert.equal(json.contentType, 'application/json');
    assert.deepEqual(vertexPredictions(await model.invoke(json)), [{ score: 4.5 }, { score: 0.5 }]);
    const csv = vertexModelRequest(predict, 'csv');
    assert.equal(csv.body.toString(), '1,2\n0,0\n');
    assert.deepEqual(vertexPredictions(await model.invoke({ ...csv, accept: 'text/csv' })), [4.5, 0.5]);
    assert.throws(() => vertexModelRequest({ instances: [{ a: 1 }] }, 'csv'), { code: 'E_VERTEX_REQUEST' });
  });

  it('reads predictions from JSON, JSON lines and CSV answers', () => {
    assert.deepEqual(vertexPredictions(answer('{"predictions":[1,2]}', 'application/json')), [1, 2]);
    assert.deepEqual(vertexPredictions(answer('[{"a":1}]', 'application/json; charset=utf-8')), [{ a: 1 }]);
    assert.deepEqual(vertexPredictions(answer('{"s":1}\n{"s":2}\n', 'application/jsonlines')), [{ s: 1 }, { s: 2 }]);
    assert.deepEqual(vertexPredictions(answer('1,0.9\n0,cat\n', 'text/csv')), [
      [1, 0.9],
      [0, 'cat'],
    ]);
    assert.throws(() => vertexPredictions(answer('{"score":1}', 'application/json')), { code: 'E_VERTEX_RESPONSE' });
    assert.throws(() => vertexPredictions(answer('\u0000', 'image/png')), { code: 'E_VERTEX_RESPONSE' });
  });

  it("answers with the deployed model, and the model's resource name when known", () => {
    const where = { project: 'p', location: 'us-central1', deployedModelId: 'blue' };
    assert.deepEqual(vertexPredictResponse([1], where), { predictions: [1], deployedModelId: 'blue' });
    assert.deepEqual(vertexPredictResponse([1], { ...where, modelName: 'm' }), {
      predictions: [1],
      deployedModelId: 'blue',
      model: 'projects/p/locations/us-central1/models/m',
      modelDisplayName: 'm',
    });
  });
});
