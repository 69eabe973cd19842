/**
 * What a step's cache key must see: real pipelines run again after one thing changed — an
 * upstream step's output, the content of a script, a transform's local model or input — must miss
 * the cache and compute a fresh result; run again with nothing changed, they must hit it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { saveLinearModel } from '../../src/ml/linear-model.js';
import { join as joinValues, param, pipeline, processing, transform } from '../../src/pipeline/dsl/index.js';
import { harness } from '../helpers/harness.js';

type Harness = Awaited<ReturnType<typeof harness>>;
type Run = Awaited<ReturnType<Harness['run']>>;

describe('cache keys', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => h.close());

  const status = async (run: Run, step: string) => (await h.steps(run.runId))[step].status;
  const output = async (run: Run, step: string, name: string, file: string) => {
    const [artifact] = (await h.services.metadata.store.listArtifacts(run.runId, step)).filter((a) => a.name === name);
    return readFile(join(new URL(artifact.uri).pathname, file), 'utf8');
  };

  test("follow an upstream step's output by its content, not by its name", async () => {
    const text = param.string('text', 'one');
    const make = processing('make', {
      command: ['sh', '-c', 'printf %s "$1" > "$GODWIT_OUTPUT_OUT/data.txt"', 'make'],
      args: [text],
      outputs: { out: 'dataset' },
    });
    const upper = processing('upper', {
      command: ['sh', '-c', 'tr a-z A-Z < "$GODWIT_INPUT_IN/data.txt" > "$GODWIT_OUTPUT_OUT/data.txt"'],
      inputs: { in: make.output('out') },
      outputs: { out: 'dataset' },
      cache: { enabled: true },
    });
    const p = pipeline('upstream-digest', { parameters: [text], steps: [upper] });

    const first = await h.run(p);
    assert.equal(await status(first, 'upper'), 'succeeded', first.error);
    const again = await h.run(p);
    assert.equal(await status(again, 'make'), 'succeeded', 'the upstream step has no cache: it ran again');
    assert.equal(await status(again, 'upper'), 'cached', 'the same upstream content: a hit');
    const changed = await h.run(p, { text: 'two' });
    assert.equal(await status(changed, 'upper'), 'succeeded', 'a new upstream result: a miss');
    assert.equal(await output(changed, 'upper', 'out', 'data.txt'), 'TWO');
  });

  test('a cached step whose argument joins text to its own output path runs, then hits', async () => {
    // Paths are bound only when the process starts, so the key keeps the join as a structure.
    const write = processing('write', {
      command: ['sh', '-c', 'printf ok > "$1"', 'write'],
      args: [joinValues([{ kind: 'OutputPath', name: 'out' }, '/said.txt'])],
      outputs: { out: 'dataset' },
      cache: { enabled: true },
    });
    const p = pipeline('path-join', { steps: [write] });
    const first = await h.run(p);
    assert.equal(await status(first, 'write'), 'succeeded', first.error);
    assert.equal(await output(first, 'write', 'out', 'said.txt'), 'ok');
    assert.equal(await status(await h.run(p), 'write'), 'cached');
  });

  test("follow a script's content, not its path", async () => {
    await writeFile(join(h.root, 'script.sh'), 'echo first > "$GODWIT_OUTPUT_OUT/said.txt"\n');
    const say = processing('say', { command: ['sh'], code: 'script.sh', outputs: { out: 'dataset' }, cache: { enabled: true } });
    const p = pipeline('code-digest', { steps: [say] });

    await h.run(p);
    assert.equal(await status(await h.run(p), 'say'), 'cached', 'the same script: a hit');
    await writeFile(join(h.root, 'script.sh'), 'echo second > "$GODWIT_OUTPUT_OUT/said.txt"\n');
    const edited = await h.run(p);
    assert.equal(await status(edited, 'say'), 'succeeded', 'an edited script: a miss');
    assert.equal(await output(edited, 'say', 'out', 'said.txt'), 'second\n');
  });

  test("follow a transform step's local model and input by their content", async () => {
    const model = (weights: number[]) =>
      saveLinearModel(join(h.root, 'model'), {
        format: 'godwit.linear-learner',
        version: 1,
        predictorType: 'regressor',
        featureDim: 2,
        weights,
        bias: 0,
        hyperparameters: {},
        trainedOn: { rows: 1, channels: { train: 1 } },
        solver: { name: 'cholesky', iterations: 1, notes: [] },
        metrics: {},
      });
    await model([1, 1]);
    await writeFile(join(h.root, 'batch.csv'), '1,2\n');
    const predict = transform('predict', { model: 'model', input: 'batch.csv', cache: { enabled: true } });
    const p = pipeline('transform-digest', { steps: [predict] });
    const predictions = (run: Run) => output(run, 'predict', 'predictions', 'batch.csv.out');

    const first = await h.run(p);
    assert.equal(first.status, 'succeeded', first.error);
    assert.equal(Number(await predictions(first)), 3);
    assert.equal(await status(await h.run(p), 'predict'), 'cached', 'the same model and input: a hit');

    await model([10, 10]);
    const newModel = await h.run(p);
    assert.equal(await status(newModel, 'predict'), 'succeeded', 'a retrained model: a miss');
    assert.equal(Number(await predictions(newModel)), 30);

    await writeFile(join(h.root, 'batch.csv'), '2,2\n');
    const newInput = await h.run(p);
    assert.equal(await status(newInput, 'predict'), 'succeeded', 'new input records: a miss');
    assert.equal(Number(await predictions(newInput)), 40);
  });
});
