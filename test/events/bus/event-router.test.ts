import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { godwitHome } from '../../../src/core/home.js';
import { CatalogEventBridgeService } from '../../../src/events/bus/catalog-eventbridge-service.js';
import { EventRouter } from '../../../src/events/bus/event-router.js';
import type { Target } from '../../../src/events/bus/eventbridge-records.js';
import { arnTargetInvoker } from '../../../src/events/bus/targets/arn-target-invoker.js';
import { busTarget } from '../../../src/events/bus/targets/bus-target.js';
import { commandTarget } from '../../../src/events/bus/targets/command-target.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';

const dir = scratchDir('godwit-event-router-');
const clock = new FakeClock(Date.parse('2026-12-06T12:00:00Z'));
let metadata: Metadata;
let service: CatalogEventBridgeService;

/** Real processes as targets: `append-N` appends its stdin (one line) to N.jsonl, `fail` exits 3. */
const commands = {
  ...Object.fromEntries(
    ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [
      `append-${n}`,
      ['sh', '-c', `cat >> ${join(dir, `${n}.jsonl`)}; echo >> ${join(dir, `${n}.jsonl`)}`],
    ]),
  ),
  fail: ['sh', '-c', 'echo "disk full" >&2; exit 3'],
};
const received = (n: string) =>
  existsSync(join(dir, `${n}.jsonl`))
    ? readFileSync(join(dir, `${n}.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const command = (name: string) => `arn:godwit:command:us-east-1:000000000000:command/${name}`;
/** Retries after 10 s, 20 s, 40 s …: known delays, so the test can move the clock to each. */
const backoff = (n: number) => 10_000 * 2 ** (n - 1);
const router = () =>
  new EventRouter({
    catalog: metadata.eventbridge,
    outbox: metadata.outbox,
    invoker: arnTargetInvoker({ command: commandTarget({ commands }), 'event-bus': busTarget(metadata.eventbridge) }),
    clock,
    backoff,
  });
const put = (source: string, detail: object, extra: { eventBusName?: string; time?: Date } = {}) =>
  service.putEvents([{ source, detailType: 'Order Placed', detail: JSON.stringify(detail), ...extra }]);

before(async () => {
  metadata = await openMetadata(godwitHome(join(dir, 'home')), clock, {});
  service = new CatalogEventBridgeService(metadata.eventbridge, clock);
});
after(() => metadata?.close());

describe('EventRouter', () => {
  test('routes matching events of the rule’s bus to its targets with their input, once, across a restart', async () => {
    await service.createEventBus('orders');
    await service.putRule({
      name: 'big-orders',
      eventPattern: '{"source": ["shop"], "detail": {"total": [{"numeric": [">", 100]}]}}',
    });
    const transformer: Target = {
      id: 'notify',
      arn: command('append-a'),
      inputTransformer: {
        inputPathsMap: { total: '$.detail.total' },
        inputTemplate: '{"total": <total>, "rule": <aws.events.rule-name>}',
      },
    };
    assert.equal((await service.putTargets('big-orders', undefined, [transformer])).failedEntryCount, 0);
    await service.putRule({ name: 'off', eventPattern: '{"source": ["shop"]}', state: 'DISABLED' });
    await service.putTargets('off', undefined, [{ id: 'x', arn: command('append-b') }]);
    await put('shop', { total: 250 });
    await put('shop', { total: 50 });
    await put('shop', { total: 999 }, { eventBusName: 'orders' });
    assert.equal(await router().pass(), true);
    assert.deepEqual(received('a'), [{ total: 250, rule: 'big-orders' }]);
    assert.deepEqual(received('b'), [], 'a disabled rule gets nothing');
    // A new router (a restarted server) reads the stored cursor: nothing is delivered twice.
    await router().pass();
    assert.equal(received('a').length, 1);
    await put('shop', { total: 101 });
    await router().pass();
    assert.deepEqual(
      received('a').map((i) => i.total),
      [250, 101],
    );
  });

  test('deliveries stored before a crash are delivered by the next router (at-least-once)', async () => {
    await service.putRule({ name: 'crash', eventPattern: '{"source": ["crash-test"]}' });
    await service.putTargets('crash', undefined, [{ id: 't', arn: command('append-c'), input: '{"fixed": true}' }]);
    await put('crash-test', {});
    assert.equal(await router().route(), 1, 'routed: the cursor moved with the delivery stored');
    assert.deepEqual(received('c'), []);
    await router().pass();
    assert.deepEqual(received('c'), [{ fixed: true }]);
    // Two routers on one database (two servers sharing PostgreSQL): each delivery is claimed by one.
    await put('crash-test', {});
    await router().route();
    await Promise.all([router().deliver(), router().deliver(), router().deliver()]);
    assert.deepEqual(received('c'), [{ fixed: true }, { fixed: true }]);
  });

  test('a failing target is retried with backoff on the clock, then dead-lettered with the reason', async () => {
    await service.putRule({ name: 'flaky', eventPattern: '{"source": ["flaky"]}' });
    const retryPolicy = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 };
    await service.putTargets('flaky', undefined, [
      { id: 'fails', arn: command('fail'), retryPolicy, deadLetterConfig: { arn: 'arn:aws:sqs:us-east-1:000000000000:dlq' } },
      { id: 'gone', arn: command('not-configured') },
    ]);
    const [put1] = (await put('flaky', { n: 1 })).entries;
    const r = router();
    await r.pass();
    const ruleArn = (await service.describeRule('flaky')).arn;
    const letters = async () => (await service.listDeadLetters({ ruleArn })).items;
    // Not retriable (no such command): a dead letter at once, no retry condition.
    assert.deepEqual(
      (await letters()).map((l) => [l.targetId, l.errorCode, l.exhaustedRetryCondition, l.retryAttempts]),
      [['gone', 'NO_RESOURCE', undefined, 0]],
    );
    // Retriable: attempt 1 failed; retries at +10 s and +20 s, then given up.
    clock.advance(9_999);
    await r.pass();
    assert.equal((await letters()).length, 1, 'not due before its backoff');
    clock.advance(1);
    await r.pass();
    clock.advance(20_000);
    await r.pass();
    const [letter] = (await letters()).filter((l) => l.targetId === 'fails');
    assert.equal(letter?.exhaustedRetryCondition, 'MaximumRetryAttempts');
    assert.equal(letter?.retryAttempts, 2);
    assert.equal(letter?.errorCode, 'TARGET_ERROR');
    assert.match(letter?.errorMessage ?? '', /exited with 3: disk full/);
    assert.equal(letter?.deadLetterArn, 'arn:aws:sqs:us-east-1:000000000000:dlq');
    assert.equal(letter?.event.id, 'eventId' in (put1 ?? {}) ? (put1 as { eventId: string }).eventId : undefined);
  });

  test('an event older than MaximumEventAgeInSeconds by its next retry is dead-lettered for its age', async () => {
    await service.putRule({ name: 'aged', eventPattern: '{"source": ["aged"]}' });
    await service.putTargets('aged', undefined, [
      { id: 'fails', arn: command('fail'), retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 } },
    ]);
    await put('aged', {});
    const r = router();
    await r.pass(); // attempt 1, retry due at +10 s
    clock.advance(10_000);
    await r.pass(); // attempt 2, retry at +20 s
    clock.advance(20_000);
    await r.pass(); // attempt 3: the next (+40 s) would be 70 s after ingestion
    const ruleArn = (await service.describeRule('aged')).arn;
    const [letter] = (await service.listDeadLetters({ ruleArn })).items;
    assert.deepEqual([letter?.exhaustedRetryCondition, letter?.retryAttempts], ['MaximumEventAgeInSeconds', 2]);
  });

  test('a bus target puts the event on another bus, whose rules deliver it', async () => {
    await service.createEventBus('audit');
    await service.putRule({ name: 'forward', eventPattern: '{"source": ["forwarded"]}' });
    await service.putTargets('forward', undefined, [
      { id: 'to-audit', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/audit' },
    ]);
    await service.putRule({ name: 'audit-all', eventBusName: 'audit', eventPattern: '{"source": ["forwarded"]}' });
    await service.putTargets('audit-all', 'audit', [{ id: 'log', arn: command('append-d'), inputPath: '$.detail' }]);
    await put('forwarded', { who: 'x' });
    await router().pass();
    assert.deepEqual(received('d'), [{ who: 'x' }]);
  });

  test('archives keep matching events; a replay re-delivers a time range with replay-name', async () => {
    await service.createArchive({
      archiveName: 'shop-archive',
      eventSourceArn: 'default',
      eventPattern: '{"source": ["replayed"]}',
    });
    await put('replayed', { n: 1 }, { time: new Date('2026-12-06T12:10:00Z') });
    await put('replayed', { n: 2 }, { time: new Date('2026-12-06T12:20:00Z') });
    await put('not-archived', { n: 3 }, { time: new Date('2026-12-06T12:15:00Z') });
    await router().pass();
    assert.equal((await service.describeArchive('shop-archive')).eventCount, 2);
    await service.putRule({ name: 'replay-target', eventPattern: '{"source": ["replayed"]}' });
    await service.putTargets('replay-target', undefined, [{ id: 'e', arn: command('append-e') }]);
    clock.advance(3_600_000);
    const ruleArn = (await service.describeRule('replay-target')).arn;
    await service.startReplay({
      replayName: 'first-window',
      eventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/shop-archive',
      eventStartTime: new Date('2026-12-06T12:00:00Z'),
      eventEndTime: new Date('2026-12-06T12:15:00Z'),
      destination: { arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default', filterArns: [ruleArn] },
    });
    await router().pass();
    const got = received('e');
    assert.deepEqual(
      got.map((e) => [e.detail.n, e['replay-name']]),
      [[1, 'first-window']],
    );
    const replay = await service.describeReplay('first-window');
    assert.equal(replay.state, 'COMPLETED');
    assert.deepEqual(replay.eventLastReplayedTime, new Date('2026-12-06T12:10:00Z'));
    // Retention: a day after archiving, a running router deletes what a 1-day archive kept.
    await service.updateArchive('shop-archive', { retentionDays: 1 });
    const r = router();
    await r.pass();
    assert.equal((await service.describeArchive('shop-archive')).eventCount, 2);
    clock.advance(86_400_000);
    await r.pass();
    assert.equal((await service.describeArchive('shop-archive')).eventCount, 0);
  });

  test('a schedule rule’s firing delivers EventBridge’s Scheduled Event to its targets', async () => {
    await service.putRule({ name: 'nightly', scheduleExpression: 'cron(0 2 * * ? *)' });
    await service.putTargets('nightly', undefined, [{ id: 'f', arn: command('append-f') }]);
    const fired = await service.fireScheduledRule('nightly', undefined, new Date('2026-12-07T02:00:00Z'));
    await router().pass();
    const [event] = received('f');
    assert.deepEqual(
      [event.source, event['detail-type'], event.resources, event.time, event.id],
      [
        'aws.events',
        'Scheduled Event',
        ['arn:aws:events:us-east-1:000000000000:rule/nightly'],
        '2026-12-07T02:00:00Z',
        fired?.id,
      ],
    );
  });
});
