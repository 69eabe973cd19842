import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import type { Recommendation } from '../../src/recommend/recommendation.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeRegressor } from '../serving/linear-fixture.js';
import { cli } from './capture.js';
import { godwitProcess } from './process.js';

describe('godwit recommend', () => {
  const root = scratchDir('godwit-recommend-cli-');
  const env = { GODWIT_HOME: join(root, 'home') };
  const recommend = (...args: string[]) => cli(['recommend', ...args], env, root);
  const quick = ['--instances', '1', '--concurrency', '1,2', '--duration', '0.2'];
  let modelDir = '';

  before(async () => {
    modelDir = await writeRegressor([0.5, -1, 2], 1);
    const metadata = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, {});
    const modelUri = `${pathToFileURL(modelDir).href}/`;
    await metadata.registry.registerVersion({ group: 'Lin', modelUri, approvalStatus: 'Approved', actor: 'test' });
    await metadata.registry.registerVersion({ group: 'Lin', modelUri, approvalStatus: 'PendingManualApproval', actor: 'test' });
    await metadata.endpoints.createModel({
      name: 'lin-model',
      containers: [{ modelDataUrl: modelUri }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await metadata.close();
  });

  test('a registry reference: --json prints what recommendation.json holds, and the recommendation meets the target', async () => {
    const out = join(root, 'by-ref');
    const r = await recommend('Lin/latest-approved', ...quick, '--latency-p99-ms', '1000', '--out', out, '--json');
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as Recommendation;
    assert.deepEqual(printed, JSON.parse(readFileSync(join(out, 'recommendation.json'), 'utf8')));
    assert.match(printed.resolvedModel, /model-package\/Lin\/1/);
    assert.equal(printed.runs.length, 2);
    assert.ok(printed.met && printed.recommendation!.latencyMs.p99 <= 1000);
    assert.ok(existsSync(join(out, 'report.md')) && existsSync(join(out, 'latency-throughput.svg')));
  });

  test('a SageMaker model from the catalog: the printed table matches the JSON report row for row', async () => {
    const out = join(root, 'by-name');
    const r = await recommend('lin-model', '--instances', '1,2', '--concurrency', '2', '--duration', '0.2', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(out, 'recommendation.json'), 'utf8')) as Recommendation;
    const lines = r.stdout.split('\n');
    const rows = lines.filter((l) => /^[ *]\s+\d+\s+\d+\s/.test(l)).map((l) => l.replace(/^\*/, ' ').trim().split(/\s+/));
    assert.equal(rows.length, report.runs.length);
    for (const [i, run] of report.runs.entries()) {
      assert.deepEqual(rows[i].slice(0, 3), [String(run.instances), String(run.concurrency), run.throughput.toFixed(1)]);
      assert.equal(rows[i][6], run.latencyMs.p99.toFixed(3));
    }
    const starred = lines
      .find((l) => l.startsWith('*'))!
      .slice(1)
      .trim()
      .split(/\s+/);
    assert.deepEqual(starred.slice(0, 2), [String(report.recommendation!.instances), String(report.recommendation!.concurrency)]);
    assert.match(r.stdout, /Recommended: 1 instance at concurrency 2/);
    assert.match(r.stdout, /Cheapest equivalent: \d+ × ml\.\S+ at USD/);
    assert.match(r.stderr, /Payload: 64 CSV rows of 3 float64 features/);
    assert.match(r.stderr, /^Measuring 2 configurations \(instances 1,2 × concurrency 2\), about 1 s of load\./);
    assert.match(r.stderr, /instances 2, concurrency 2: [\d.]+ req\/s, p50 [\d.]+ ms, p99 [\d.]+ ms\n/);
  });

  test('an unreachable target exits 1 with E_RECOMMEND_TARGET_UNMET, and the report is still written (default folder)', async () => {
    const r = await recommend(modelDir, ...quick, '--latency-p99-ms', '0.000001');
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /E_RECOMMEND_TARGET_UNMET: No configuration met the p99 target of 0.000001 ms without errors\. The lowest p99 measured was 1 instance at concurrency \d/,
    );
    const folder = join(root, `recommend-${modelDir.split('/').at(-1)}`);
    const report = JSON.parse(readFileSync(join(folder, 'recommendation.json'), 'utf8')) as Recommendation;
    assert.equal(report.met, false);
    assert.ok(report.best);
  });

  test('bad input exits 2 with a sentence: unknown model, unapproved version, --instances 0, a rejected row', async () => {
    const unknown = await recommend('no-such-model', ...quick);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /MODEL "no-such-model" is neither a model folder, a store URI, a registry reference nor a SageMaker model in the catalog/,
    );
    const pending = await recommend('Lin/2', ...quick);
    assert.equal(pending.code, 2);
    assert.match(pending.stderr, /is PendingManualApproval; only an Approved version can be deployed/);
    const zero = await recommend(modelDir, '--instances', '0');
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--instances 0 is out of range: each value must be a whole number from 1 to 64/);
    const rows = join(root, 'rows.csv');
    writeFileSync(rows, '1,2,3\n1,2,x\n');
    const rejected = await recommend(modelDir, ...quick, '--payload', 'rows.csv');
    assert.equal(rejected.code, 2);
    assert.match(rejected.stderr, /Line 2 of .*rows\.csv is rejected by the model \(E_DATA_FORMAT\)/);
  });
});

test('Ctrl-C ends the run in progress, removes the endpoints and exits 130 without a report', { timeout: 120_000 }, async () => {
  const root = scratchDir('godwit-recommend-stop-');
  const modelDir = await writeRegressor([1, 2], 0);
  const out = join(root, 'out');
  const args = ['recommend', modelDir, '--instances', '1', '--concurrency', '1', '--duration', '600', '--out', out];
  const { child, done } = godwitProcess(args, { GODWIT_HOME: join(root, 'home') }, { cwd: root });
  let stderr = '';
  await new Promise<void>((resolve) =>
    child.stderr?.on('data', (d) => {
      stderr += d;
      if (stderr.includes('Payload:')) resolve();
    }),
  );
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /Stopping: ending the run in progress/);
  assert.match(r.stderr, /error: Stopped after 0 of 1 runs; no report was written\./);
  assert.equal(existsSync(out), false);
});
