import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pipeline, transform } from '../../../src/pipeline/dsl/index.js';
import { validatePipeline } from '../../../src/pipeline/validate.js';
import { harness } from '../../helpers/harness.js';
import { writeLinearModel } from '../onnx-models.js';

describe('the transform step', () => {
  test('scores an ONNX model, joins IDs back and writes capture manifests naming its artifacts', async () => {
    const h = await harness();
    try {
      mkdirSync(join(h.root, 'model'));
      writeLinearModel(join(h.root, 'model'), { weights: [1, 2], bias: 0 });
      mkdirSync(join(h.root, 'batch'));
      writeFileSync(join(h.root, 'batch', 'part-0.csv'), 'u1,1,1\nu2,2,0.5\n');
      const score = transform('score', {
        model: 'model',
        input: 'batch',
        accept: 'text/csv',
        maxConcurrentTransforms: 2,
        dataProcessing: { inputFilter: '$[1:]', joinSource: 'Input', outputFilter: '$[0,-1]' },
        dataCapture: { destination: join(h.root, 'capture') },
      });
      const outcome = await h.run(pipeline('scoring', { steps: [score] }));
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const [artifact] = await h.services.metadata.store.listArtifacts(outcome.runId, 'score');
      assert.deepEqual(
        artifact.files?.map((f) => f.path),
        ['part-0.csv.out'],
      );
      const out = readFileSync(join(new URL(artifact.uri).pathname, 'part-0.csv.out'), 'utf8');
      assert.equal(out, 'u1,3\nu2,3\n');
      const manifestIn = (side: string) => {
        let dir = join(h.root, 'capture', side);
        for (;;) {
          const [entry] = readdirSync(dir, { withFileTypes: true });
          dir = join(dir, entry.name);
          if (!entry.isDirectory()) return JSON.parse(readFileSync(dir, 'utf8'));
        }
      };
      assert.deepEqual(manifestIn('output'), [{ prefix: artifact.uri }, 'part-0.csv.out']);
      assert.equal(manifestIn('input')[1], 'part-0.csv');
    } finally {
      await h.close();
    }
  });

  test('the validator refuses filters outside SageMaker JSONPath and joins without records', () => {
    const step = transform('score', {
      model: 'model',
      input: 'batch',
      splitType: 'None',
      dataProcessing: { inputFilter: '$..id', joinSource: 'Input', outputFilter: `$[${'0,'.repeat(40)}1]` },
    });
    const problems = validatePipeline(pipeline('bad', { steps: [step] }).ir);
    const fields = problems.map((p) => p.field).sort();
    assert.deepEqual(fields, [
      'dataProcessing.inputFilter',
      'dataProcessing.inputFilter',
      'dataProcessing.outputFilter',
      'splitType',
    ]);
    assert.ok(problems.some((p) => /recursive descent/.test(p.message)));
    assert.ok(problems.some((p) => /at most 63/.test(p.message)));
    assert.throws(() => transform('x', { model: 'm', input: 'i', batchSize: 3 } as never), /batchSize/);
  });
});
