/**
 * The contract every EventBridgeCatalog passes, on a real database (a SQLite file, the test
 * run's PostgreSQL): `open` returns opened metadata whose clock is `clock` (moved by hand). Each
 * test uses its own bus, rule and archive names, so tests sharing a database never see each
 * other's state (the `default` bus's rules are avoided for that reason).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { code, type HandClock, unique } from '../../db/contract-kit.js';
import type { Metadata } from '../../meta/index.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import type { NewDelivery, Target } from './eventbridge-records.js';

export function eventBridgeCatalogContract(
  name: string,
  open: (clock: HandClock) => Promise<Metadata>,
  clock: HandClock,
  options: { skip?: string } = {},
): void {
  describe(`EventBridgeCatalog contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let eb: EventBridgeCatalog;
    before(async () => {
      metadata = await open(clock);
      eb = metadata.eventbridge;
    });
    after(() => metadata?.close());

    const target = (id: string, extra: Partial<Target> = {}): Target => ({
      id,
      arn: `arn:godwit:command:us-east-1:000000000000:command/${id}`,
      ...extra,
    });
    const bus = async () => (await eb.createEventBus(unique('bus'), 'for a test')).name;

    test('buses: default always exists; others are created once, listed, refused while they have rules, deleted', async () => {
      assert.equal((await eb.describeEventBus('default')).arn, 'arn:aws:events:us-east-1:000000000000:event-bus/default');
      const b = await bus();
      const record = await eb.describeEventBus(`arn:aws:events:us-east-1:000000000000:event-bus/${b}`);
      assert.deepEqual([record.name, record.description, record.creationTime], [b, 'for a test', clock.now()]);
      await assert.rejects(eb.createEventBus(b), code('E_EVENTBRIDGE_EXISTS'));
      await assert.rejects(eb.deleteEventBus('default'), code('E_EVENTBRIDGE_INVALID'));
      assert.deepEqual(
        (await eb.listEventBuses(b)).items.map((x) => x.name),
        [b],
      );
      await eb.putRule({ name: 'r', eventBusName: b, eventPattern: '{"source": ["x"]}' });
      await assert.rejects(eb.deleteEventBus(b), code('E_EVENTBRIDGE_INVALID'));
      await eb.deleteRule('r', b);
      await eb.deleteEventBus(b);
      await assert.rejects(eb.describeEventBus(b), code('E_EVENTBRIDGE_NOT_FOUND'));
      await assert.rejects(eb.putRule({ name: 'r', eventBusName: b, eventPattern: '{}' }), code('E_EVENTBRIDGE_NOT_FOUND'));
    });

    test('rules: PutRule creates and replaces, keeping targets and creation time; state, listing, revision', async () => {
      const b = await bus();
      const created = await eb.putRule({
        name: 'approved',
        eventBusName: b,
        eventPattern: '{"source": ["a"]}',
        description: 'd',
      });
      assert.equal(created.arn, `arn:aws:events:us-east-1:000000000000:rule/${b}/approved`);
      assert.equal(created.state, 'ENABLED');
      await eb.putTargets('approved', b, [target('t1')]);
      const r0 = await eb.rulesRevision();
      clock.t += 1000;
      const replaced = await eb.putRule({
        name: 'approved',
        eventBusName: b,
        scheduleExpression: 'rate(5 minutes)',
        state: 'DISABLED',
      });
      assert.equal(replaced.scheduleExpression, 'rate(5 minutes)');
      assert.equal(replaced.eventPattern, undefined);
      assert.equal(replaced.state, 'DISABLED');
      assert.deepEqual(replaced.createdAt, created.createdAt);
      assert.ok((await eb.rulesRevision()) > r0);
      assert.deepEqual(
        (await eb.listTargetsByRule('approved', b)).map((t) => t.id),
        ['t1'],
      );
      assert.equal((await eb.setRuleState('approved', b, 'ENABLED')).state, 'ENABLED');
      await eb.putRule({ name: 'b-rule', eventBusName: b, eventPattern: '{"source": ["b"]}' });
      assert.deepEqual(
        (await eb.listRules({ eventBusName: b })).items.map((r) => r.name),
        ['approved', 'b-rule'],
      );
      assert.deepEqual(
        (await eb.listRules({ eventBusName: b, namePrefix: 'b-' })).items.map((r) => r.name),
        ['b-rule'],
      );
      const page = await eb.listRules({ eventBusName: b }, { limit: 1 });
      assert.deepEqual(
        [page.items.length, (await eb.listRules({ eventBusName: b }, { nextToken: page.nextToken })).items[0]?.name],
        [1, 'b-rule'],
      );
      const { rules } = await eb.rulesOfBus(b);
      assert.deepEqual(
        rules.map((r) => [r.name, r.targets.length]),
        [
          ['approved', 1],
          ['b-rule', 0],
        ],
      );
      await assert.rejects(eb.describeRule('nope', b), code('E_EVENTBRIDGE_NOT_FOUND'));
      await assert.rejects(eb.deleteRule('approved', b), code('E_EVENTBRIDGE_INVALID'));
      await eb.deleteRule('approved', b, true);
      await assert.rejects(eb.describeRule('approved', b), code('E_EVENTBRIDGE_NOT_FOUND'));
    });

    test('targets: added or replaced by id, at most 5 per rule, removed by id', async () => {
      const b = await bus();
      await eb.putRule({ name: 'r', eventBusName: b, eventPattern: '{"source": ["a"]}' });
      await eb.putTargets('r', b, [target('a'), target('b', { input: '{"x":1}' })]);
      await eb.putTargets('r', b, [
        target('b', { inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 } }),
      ]);
      const listed = await eb.listTargetsByRule('r', b);
      assert.deepEqual(
        listed[1],
        target('b', { inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 } }),
      );
      await assert.rejects(
        eb.putTargets(
          'r',
          b,
          ['c', 'd', 'e', 'f'].map((id) => target(id)),
        ),
        code('E_EVENTBRIDGE_LIMIT'),
      );
      assert.equal((await eb.listTargetsByRule('r', b)).length, 2, 'a refused PutTargets stores nothing');
      await eb.removeTargets('r', b, ['a', 'not-there']);
      assert.deepEqual(
        (await eb.listTargetsByRule('r', b)).map((t) => t.id),
        ['b'],
      );
      await assert.rejects(eb.putTargets('nope', b, [target('a')]), code('E_EVENTBRIDGE_NOT_FOUND'));
    });

    test('PutEvents: stored on the bus’s outbox with its name; an unknown bus stores nothing', async () => {
      const b = await bus();
      const before = await metadata.outbox.since(undefined, 1_000_000);
      const [e] = await eb.publishEvents([
        { eventBusName: b, source: 'my.app', detailType: 'Order', time: clock.now(), resources: [], detail: { n: 1 } },
      ]);
      assert.equal(e?.source, 'my.app');
      const after = await metadata.outbox.since(before.at(-1)?.cursor);
      assert.deepEqual(
        after.map((o) => [o.bus, o.event.id, o.event.detail]),
        [[b, e?.id, { n: 1 }]],
      );
      await assert.rejects(
        eb.publishEvents([
          { eventBusName: unique('missing'), source: 's', detailType: 'd', time: clock.now(), resources: [], detail: {} },
        ]),
        code('E_EVENTBRIDGE_NOT_FOUND'),
      );
    });

    const delivery = (ruleArn: string, extra: Partial<NewDelivery> = {}): NewDelivery => ({
      ruleArn,
      ruleName: 'r',
      target: target('t', { deadLetterConfig: { arn: 'arn:aws:sqs:us-east-1:000000000000:dlq' } }),
      event: {
        version: '0',
        id: unique('ev'),
        'detail-type': 'd',
        source: 's',
        account: '000000000000',
        time: '2026-12-05T10:00:00Z',
        region: 'us-east-1',
        resources: [],
        detail: {},
      },
      ingestedAt: clock.now(),
      ...extra,
    });

    test('the router’s cursor moves only from where it was, with its deliveries and archived copies', async () => {
      const consumer = unique('router');
      const ruleArn = `arn:test:${unique('rule')}`;
      const archive = (await eb.createArchive({ archiveName: unique('ar'), eventSourceArn: 'default' })).archiveName;
      const d = delivery(ruleArn);
      assert.equal(await eb.routerCursor(consumer), undefined);
      assert.equal(
        await eb.commitRouted({ consumer, from: undefined, to: '5', deliveries: [d], archived: [{ archive, event: d.event }] }),
        true,
      );
      assert.equal(
        await eb.commitRouted({ consumer, from: undefined, to: '6', deliveries: [d], archived: [] }),
        false,
        'a stale router writes nothing',
      );
      assert.equal(await eb.routerCursor(consumer), '5');
      const due = (await eb.dueDeliveries(clock.now(), 10_000)).filter((p) => p.ruleArn === ruleArn);
      assert.deepEqual(
        due.map((p) => [p.event.id, p.attempts]),
        [[d.event.id, 0]],
      );
      assert.equal((await eb.describeArchive(archive)).eventCount, 1);
    });

    test('deliveries: retried later, completed, or dead-lettered with the reason and the event', async () => {
      const ruleArn = `arn:test:${unique('rule')}`;
      await eb.enqueueDeliveries([delivery(ruleArn), delivery(ruleArn)]);
      const [a, b] = (await eb.dueDeliveries(clock.now(), 10_000)).filter((p) => p.ruleArn === ruleArn);
      assert.ok(a && b);
      await eb.retryDelivery(a.id, 1, new Date(clock.t + 60_000));
      assert.equal(
        (await eb.dueDeliveries(clock.now(), 10_000)).some((p) => p.id === a.id),
        false,
      );
      assert.ok(((await eb.nextDeliveryDue())?.getTime() ?? Infinity) <= clock.t);
      clock.t += 60_000;
      const retried = (await eb.dueDeliveries(clock.now(), 10_000)).find((p) => p.id === a.id);
      assert.equal(retried?.attempts, 1);
      await eb.completeDelivery(a.id);
      const letter = await eb.deadLetter(b.id, {
        errorCode: 'NO_RESOURCE',
        errorMessage: 'gone',
        retryAttempts: 0,
        at: clock.now(),
      });
      assert.equal(letter.deadLetterArn, 'arn:aws:sqs:us-east-1:000000000000:dlq');
      assert.equal((await eb.dueDeliveries(clock.now(), 10_000)).filter((p) => p.ruleArn === ruleArn).length, 0);
      const listed = (await eb.listDeadLetters({ ruleArn })).items;
      assert.deepEqual(
        listed.map((l) => [l.errorCode, l.errorMessage, l.targetId, l.event.id]),
        [['NO_RESOURCE', 'gone', 't', b.event.id]],
      );
    });

    test('archives: events by time range and cursor, retention, update, delete', async () => {
      const name = unique('ar');
      await eb.createArchive({
        archiveName: name,
        eventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
        retentionDays: 1,
      });
      await assert.rejects(eb.createArchive({ archiveName: name, eventSourceArn: 'default' }), code('E_EVENTBRIDGE_EXISTS'));
      const at = (time: string) => ({ ...delivery('x').event, time });
      const consumer = unique('router');
      const archived = ['2026-12-05T09:00:00Z', '2026-12-05T09:30:00Z', '2026-12-05T11:00:00Z'].map((t) => ({
        archive: name,
        event: at(t),
      }));
      await eb.commitRouted({ consumer, from: undefined, to: '1', deliveries: [], archived });
      const range = { from: new Date('2026-12-05T09:00:00Z'), to: new Date('2026-12-05T10:00:00Z') };
      const first = await eb.listArchivedEvents(name, { ...range, limit: 1 });
      const rest = await eb.listArchivedEvents(name, { ...range, afterSeq: first[0]?.seq });
      assert.deepEqual(
        [...first, ...rest].map((a) => a.event.time),
        ['2026-12-05T09:00:00Z', '2026-12-05T09:30:00Z'],
      );
      assert.equal((await eb.updateArchive(name, { description: 'kept a day' })).description, 'kept a day');
      assert.equal((await eb.describeArchive(name)).eventBusName, 'default');
      clock.t += 86_400_000 + 1;
      assert.ok((await eb.expireArchivedEvents(clock.now())) >= 3);
      assert.equal((await eb.describeArchive(name)).eventCount, 0);
      assert.deepEqual(
        (await eb.listArchives({ namePrefix: name })).items.map((a) => a.archiveName),
        [name],
      );
      await eb.deleteArchive(name);
      await assert.rejects(eb.describeArchive(name), code('E_EVENTBRIDGE_NOT_FOUND'));
    });

    test('replays: started, carried on with deliveries, completed; cancelling only while active', async () => {
      const name = unique('replay');
      const definition = {
        replayName: name,
        eventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/a',
        eventStartTime: new Date('2026-12-05T09:00:00Z'),
        eventEndTime: new Date('2026-12-05T10:00:00Z'),
        destination: { arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default', filterArns: ['arn:r'] },
      };
      const started = await eb.startReplay(definition);
      assert.deepEqual(
        [started.state, started.destination, started.eventStartTime],
        ['STARTING', definition.destination, definition.eventStartTime],
      );
      await assert.rejects(eb.startReplay(definition), code('E_EVENTBRIDGE_EXISTS'));
      assert.equal((await eb.activeReplays()).find((r) => r.replayName === name)?.afterSeq, 0);
      const ruleArn = `arn:test:${unique('rule')}`;
      const running = await eb.commitReplayed(name, {
        afterSeq: 7,
        lastReplayed: new Date('2026-12-05T09:10:00Z'),
        deliveries: [delivery(ruleArn, { replayName: name })],
        state: 'RUNNING',
      });
      assert.deepEqual(
        [running.state, running.eventLastReplayedTime, running.replayStartTime],
        ['RUNNING', new Date('2026-12-05T09:10:00Z'), clock.now()],
      );
      assert.equal((await eb.dueDeliveries(clock.now(), 10_000)).find((p) => p.ruleArn === ruleArn)?.replayName, name);
      assert.equal((await eb.cancelReplay(name)).state, 'CANCELLING');
      const done = await eb.commitReplayed(name, { afterSeq: 7, deliveries: [], state: 'CANCELLED' });
      assert.deepEqual([done.state, done.replayEndTime], ['CANCELLED', clock.now()]);
      await assert.rejects(eb.cancelReplay(name), code('E_EVENTBRIDGE_STATE'));
      assert.equal(
        (await eb.activeReplays()).some((r) => r.replayName === name),
        false,
      );
      assert.deepEqual(
        (await eb.listReplays({ namePrefix: name, state: 'CANCELLED' })).items.map((r) => r.replayName),
        [name],
      );
    });
  });
}
