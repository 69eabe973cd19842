import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';

const PIPELINE = 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone';

describe('godwit events (alias: godwit event), without a server', () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  before(() => {
    dir = scratchDir('godwit-events-cli-');
    env = { GODWIT_HOME: join(dir, 'home') };
  });

  test('rules: create with --schedule or --pattern, list, describe, disable, delete', async () => {
    const nightly = await cli(['events', 'rules', 'create', 'nightly', '--schedule', 'cron(0 2 * * ? *)'], env);
    assert.equal(nightly.code, 0, nightly.stderr);
    assert.match(
      nightly.stdout,
      /Rule nightly \(ENABLED\) on bus default\n {2}ARN: arn:aws:events:us-east-1:000000000000:rule\/nightly\n {2}Schedule: cron\(0 2 \* \* \? \*\) \(UTC\)/,
    );
    const pattern = '{"source": ["aws.sagemaker"], "detail": {"ModelApprovalStatus": ["Approved"]}}';
    writeFileSync(join(dir, 'pattern.json'), pattern);
    const approval = await cli(['event', 'rules', 'create', 'on-approval', '--pattern', '@pattern.json', '--disabled'], env, dir);
    assert.equal(approval.code, 0, approval.stderr);
    const listed = await cli(['events', 'rules', 'list'], env);
    assert.match(listed.stdout, /nightly +default +ENABLED +cron\(0 2 \* \* \? \*\)/);
    assert.match(listed.stdout, /on-approval +default +DISABLED +\{"source"/);
    const json = await cli(['events', 'rules', 'describe', 'on-approval', '--json'], env);
    assert.equal(JSON.parse(json.stdout).eventPattern, pattern);
    const enabled = await cli(['events', 'rules', 'enable', 'on-approval', '--json'], env);
    assert.equal(JSON.parse(enabled.stdout).state, 'ENABLED');
    const deleted = await cli(['events', 'rules', 'delete', 'nightly'], env);
    assert.equal(deleted.stdout.trim(), 'Deleted rule "nightly".');
  });

  test('rules: EventBridge’s refusals and the command line’s, as sentences', async () => {
    const bad = await cli(['events', 'rules', 'create', 'bad', '--schedule', 'rate(5 hour)'], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /rate\(5 hour\).*a value of 5 takes the unit "hours"/);
    const never = await cli(['events', 'rules', 'create', 'bad', '--schedule', 'cron(0 0 30 2 ? *)'], env);
    assert.match(never.stderr, /never fires/);
    const both = await cli(['events', 'rules', 'create', 'bad'], env);
    assert.match(both.stderr, /either --pattern or --schedule/);
    const stray = await cli(['events', 'rules', 'list', '--schedule', 'rate(1 day)'], env);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /does not take --schedule/);
  });

  test('targets: add a pipeline with parameters from the event, list, remove', async () => {
    await cli(['events', 'rules', 'create', 'retrain', '--pattern', '{"source": ["my.app"]}'], env);
    const added = await cli(
      [
        'events',
        'targets',
        'add',
        'retrain',
        '--id',
        'p',
        '--arn',
        PIPELINE,
        '--param',
        'Model=$.detail.model',
        '--max-attempts',
        '3',
      ],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added target p to rule "retrain"\./);
    const listed = await cli(['events', 'targets', 'list', 'retrain', '--json'], env);
    const [target] = JSON.parse(listed.stdout);
    assert.deepEqual(target.sageMakerPipelineParameters, [{ name: 'Model', value: '$.detail.model' }]);
    assert.equal(target.retryPolicy.maximumRetryAttempts, 3);
    const removed = await cli(['events', 'targets', 'remove', 'retrain', '--id', 'p'], env);
    assert.equal(removed.code, 0, removed.stderr);
    const empty = await cli(['events', 'targets', 'list', 'retrain'], env);
    assert.match(empty.stdout, /has no targets/);
  });

  test('put: from flags and from a file; stored on the bus for the server to deliver', async () => {
    const one = await cli(
      ['events', 'put', '--source', 'my.app', '--detail-type', 'Order Placed', '--detail', '{"amount": 42}'],
      env,
    );
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^Put event [0-9a-f-]{36}\n$/);
    writeFileSync(
      join(dir, 'events.json'),
      JSON.stringify([
        { Source: 'my.app', DetailType: 'Order Placed', Detail: { amount: 1 } },
        { Source: 'my.app', DetailType: 'Order Placed', Detail: { amount: 2 } },
      ]),
    );
    const file = await cli(['events', 'put', '--file', 'events.json', '--json'], env, dir);
    assert.equal(file.code, 0, file.stderr);
    assert.equal(JSON.parse(file.stdout).entries.length, 2);
    const metadata = await openMetadata(godwitHome(join(dir, 'home')), systemClock, {});
    try {
      const stored = (await metadata.outbox.since()).map((e) => e.event.detail);
      assert.deepEqual(stored.slice(-3), [{ amount: 42 }, { amount: 1 }, { amount: 2 }]);
    } finally {
      await metadata.close();
    }
  });

  test('replay: start from an archive, list, describe', async () => {
    const metadata = await openMetadata(godwitHome(join(dir, 'home')), systemClock, {});
    try {
      await metadata.eventbridge.createArchive({
        archiveName: 'all',
        eventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
      });
    } finally {
      await metadata.close();
    }
    const started = await cli(['events', 'replay', 'start', 'again', '--archive', 'all', '--from', '2026-01-01T00:00:00Z'], env);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /Replay again: STARTING/);
    const listed = await cli(['events', 'replay', 'list', '--json'], env);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((r: { replayName: string }) => r.replayName),
      ['again'],
    );
  });
});
