import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fn, pipeline, processing, registerModel } from '../../src/pipeline/dsl/index.js';
import { pickMetricsFile } from '../../src/registry/metrics-report.js';
import { registerFromUri } from '../../src/registry/register-from-uri.js';
import { listRunSummaries, loadRunReport, readStepLog } from '../../src/runs/index.js';
import { harness } from '../helpers/harness.js';

type Harness = Awaited<ReturnType<typeof harness>>;

describe('application layer: runs', () => {
  let h: Harness;
  let runId: string;
  before(async () => {
    h = await harness();
    const hello = processing('hello', { command: ['sh', '-c', 'echo hello from the step'] });
    runId = (await h.run(pipeline('greet', { steps: [hello] }))).runId;
  });
  after(async () => h.close());

  test('summaries carry the status a user sees and the elapsed time', async () => {
    const [row] = await listRunSummaries(h.services.metadata.store);
    assert.equal(row.id, runId);
    assert.equal(row.pipeline, 'greet');
    assert.equal(row.status, 'succeeded');
    assert.ok(row.durationMs !== undefined && row.durationMs >= 0);
    assert.deepEqual(await listRunSummaries(h.services.metadata.store, { pipeline: 'other' }), []);
  });

  test("a step's log is read by run, step and attempt; unknown names list what exists", async () => {
    const log = await readStepLog(h.services.metadata.store, h.home.root, runId, 'hello');
    assert.equal(log.attempt, 1);
    assert.match(log.text ?? '', /hello from the step/);
    await assert.rejects(readStepLog(h.services.metadata.store, h.home.root, runId, 'nope'), {
      code: 'E_STEP_NOT_FOUND',
      hint: 'Its steps: hello.',
    });
    await assert.rejects(readStepLog(h.services.metadata.store, h.home.root, runId, 'hello', 7), /no attempt 7 \(attempts: 1\)/);
    await assert.rejects(loadRunReport(h.services, 'run-missing'), { code: 'E_RUN_NOT_FOUND' });
  });
});

describe('application layer: one rule for a metrics report', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => h.close());

  // The register step read the first .json of the artifact's manifest, `godwit models register`
  // the first .json of a non-recursive readdir: on this folder they chose different files.
  const files = { 'z-summary.json': { from: 'top' }, 'a/evaluation.json': { mse: 5.1 }, 'b.txt': 'x' };

  test('the first .json file in sorted path order, at any depth', () => {
    assert.equal(pickMetricsFile(Object.keys(files)), 'a/evaluation.json');
    assert.equal(pickMetricsFile(['notes.txt']), undefined);
  });

  test('a pipeline register step and a registration by URI store the same report', async () => {
    const evaluate = fn('evaluate', {
      outputs: { report: 'metrics' },
      run: async (ctx) => write(ctx.outputs.report),
    });
    const model = fn('train', {
      outputs: { model: 'model' },
      run: async (ctx) => writeFile(join(ctx.outputs.model, 'm.txt'), 'w'),
    });
    const register = registerModel('register', {
      model: model.output('model'),
      metrics: evaluate.output('report'),
      modelPackageGroup: 'Rule',
    });
    assert.equal((await h.run(pipeline('rule', { steps: [register] }))).status, 'succeeded');
    const folder = join(h.root, 'report');
    await write(folder);
    const byUri = await registerFromUri(
      h.services.metadata.registry,
      {
        group: 'Rule',
        modelUri: 'file:///m/',
        metricsUri: folder,
        actor: 'test',
      },
      { home: h.services.home },
    );
    const [fromStep] = await h.services.metadata.registry.listVersions('Rule');
    assert.deepEqual(fromStep.metrics, { mse: 5.1 });
    assert.deepEqual(byUri.metrics, fromStep.metrics);
    assert.match(byUri.metricsUri ?? '', /report\/a\/evaluation\.json$/);
    assert.match(fromStep.metricsUri ?? '', /a\/evaluation\.json$/);
  });

  async function write(dir: string) {
    for (const [path, value] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
});
