import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { cli } from '../cli/capture.js';
import { experimentFixture, productionScore, shadowScore } from './experiment-fixture.js';

const HOUR = 3_600_000;

// `godwit endpoints shadow …` against a real server on a scaled clock: the CLI records, the
// server carries out, the CLI reports and promotes.
describe('godwit endpoints shadow create|describe|list|stop|report|promote', () => {
  let f: Awaited<ReturnType<typeof experimentFixture>>;
  let env: NodeJS.ProcessEnv;
  const godwit = (...args: string[]) => cli(['endpoints', 'shadow', ...args], env);
  before(async () => {
    f = await experimentFixture(600);
    env = { GODWIT_HOME: f.home.root };
    await f.endpoint('cli-ep');
  });
  after(() => f?.close());

  test('a test created on the CLI runs on the server, stops, reports per variant, and its shadow is promoted', async () => {
    // The server's clock runs ahead of the CLI's, so the schedule is given in the server's time.
    const start = f.clock.now();
    const end = new Date(start.getTime() + 6 * HOUR);
    const xgb = join(f.root, 'xgb');
    const made = await godwit(
      'create',
      'cli-test',
      '--endpoint',
      'cli-ep',
      '--model',
      xgb,
      '--sampling',
      '100',
      '--start',
      start.toISOString(),
      '--end',
      end.toISOString(),
      '--json',
    );
    assert.equal(made.code, 0, made.stderr);
    assert.equal(JSON.parse(made.stdout).status, 'Created');
    assert.match(made.stderr, /is bringing "cli-ep" InService/);
    await f.until('cli-test', 'Running');
    for (let a = 0; a < 20; a++) await f.invoke('cli-ep', a % 10, 2);
    const shown = await godwit('describe', 'cli-test');
    assert.match(shown.stdout, /Status: {6}Running/);
    assert.match(
      shown.stdout,
      /Shadow: {6}Shadow \(model cli-ep-Shadow-\d{14}-[0-9a-f]{4}, 1 × ml\.m5\.xlarge\), 100 % of requests mirrored/,
    );
    // Every request mirrored: wait until the recorder has written the last pair.
    for (let i = 0; i < 200 && JSON.parse((await godwit('report', 'cli-test', '--json')).stdout).comparison.requests < 20; i++)
      await new Promise((r) => setTimeout(r, 25));

    const stopped = await godwit('stop', 'cli-test', '--reason', 'enough', '--wait');
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /Shadow test "cli-test" is Completed/);
    const table = await godwit('report', 'cli-test');
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.split('\n');
    assert.match(lines[0], /^Shadow test "cli-test" on cli-ep \(Completed\), 100 % mirrored/);
    assert.match(lines[1], /^VARIANT +ROLE +REQUESTS +ERRORS +ERROR RATE +P50 ms +P90 ms +P99 ms$/);
    assert.match(lines[2], /^AllTraffic +production +20 +0 +0\.0 %/);
    assert.match(lines[3], /^Shadow +shadow +20 +0 +0\.0 %/);
    // The drift, recomputed: |2a + 2 + 0.5 − (0.5 + (a < 5 ? 1 : 2))| over a = 0…9, twice.
    const diffs = Array.from({ length: 10 }, (_, a) => Math.abs(productionScore(a, 2) - shadowScore(a, 2)));
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    assert.match(
      lines[4],
      new RegExp(
        `^Regression drift over 20 answers: mean \\|Δ\\| ${Number(mean.toPrecision(4))}, max \\|Δ\\| ${Math.max(...diffs)},`,
      ),
    );

    const listed = JSON.parse((await godwit('list', '--endpoint', 'cli-ep', '--json')).stdout);
    assert.deepEqual(
      listed.map((e: { name: string; status: string; statusReason: string }) => [e.name, e.status, e.statusReason]),
      [['cli-test', 'Completed', 'enough']],
    );

    // Ended with the shadow removed: promoting is an endpoint update of its own.
    const promoted = await godwit('promote', 'cli-test', '--instance-count', '2', '--wait');
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.match(
      promoted.stdout,
      /Endpoint "cli-ep" is updating to cli-test-promote-[0-9a-f]{8}: "Shadow" serves in place of "AllTraffic"/,
    );
    const endpoint = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'cli-ep' }));
    assert.deepEqual(
      endpoint.ProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount, v.CurrentWeight]),
      [['Shadow', 2, 1]],
    );
    assert.equal(Number((await f.invoke('cli-ep', 8, 2)).body), shadowScore(8, 2));

    // The endpoint-wide report: the new spelling and the old alias agree.
    const wide = await godwit('report', '--endpoint', 'cli-ep', '--json');
    const alias = await cli(['endpoints', 'shadow-report', 'cli-ep', '--json'], env);
    assert.equal(wide.code, 0, wide.stderr);
    assert.deepEqual(JSON.parse(wide.stdout), JSON.parse(alias.stdout));
    assert.equal(JSON.parse(wide.stdout).variants[0].requests, 20);
  });

  test('bad command lines and bad values say what to change', async () => {
    const stray = await godwit('describe', 'cli-test', '--sampling', '5');
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /godwit endpoints shadow describe does not take --sampling/);
    const nameless = await godwit('promote');
    assert.equal(nameless.code, 2);
    assert.match(nameless.stderr, /needs the shadow test's NAME/);
    const long = await godwit(
      'create',
      'too-long',
      '--endpoint',
      'cli-ep',
      '--model-name',
      'xgb',
      '--duration',
      '31d',
      '--production',
      'Shadow',
    );
    assert.equal(long.code, 2);
    assert.match(long.stderr, /an inference experiment lasts at most 30 days/);
    const ghost = await godwit('describe', 'ghost');
    assert.equal(ghost.code, 2);
    assert.match(ghost.stderr, /Could not find inference experiment "ghost"/);
    const action = await godwit('launch', 'x');
    assert.equal(action.code, 2);
    assert.match(action.stderr, /ACTION "launch" is not one of create, describe, list, report, promote, stop, start, delete/);
  });
});
