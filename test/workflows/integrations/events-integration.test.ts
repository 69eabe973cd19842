import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../../src/core/clock.js';
import { migrate } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { SqlDatabase } from '../../../src/db/sql-database.js';
import { EVENTS_SCHEMA, listEventsSince } from '../../../src/events/event-outbox.js';
import type { StatesError } from '../../../src/workflows/asl/states-error.js';
import { eventsIntegration, outboxPublisher } from '../../../src/workflows/integrations/events-integration.js';
import { sqsIntegration } from '../../../src/workflows/integrations/sqs-integration.js';
import { WORKFLOW_CALLS_SCHEMA } from '../../../src/workflows/integrations/task-ledger.js';
import { POSTGRES_SKIP, testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';
import { taskCall } from './integrations-fixture.js';

const PUT = 'arn:aws:states:::events:putEvents';

// The Parameters of the Developer Guide's EventBridge example (connect-eventbridge.md), with a JSON Detail.
const guideEntry = {
  Detail: { Message: 'MyMessage' },
  DetailType: 'MyDetailType',
  EventBusName: 'default',
  Source: 'my.source',
};

function eventsSuite(name: string, open: () => Promise<SqlDatabase>, skip?: string) {
  describe(`events:putEvents and sqs:sendMessage on the event outbox: ${name}`, { skip }, () => {
    test('putEvents publishes on the default bus exactly once per idempotency token', async () => {
      const db = await open();
      try {
        await migrate(db, [EVENTS_SCHEMA, WORKFLOW_CALLS_SCHEMA], name);
        const events = eventsIntegration(outboxPublisher(db), systemClock);
        const call = taskCall(PUT, {
          Entries: [guideEntry, { ...guideEntry, Detail: '{"Message":"second"}', Resources: ['arn:x'] }],
        });
        const answer = (await events.invoke(call)) as { Entries: { EventId: string }[]; FailedEntryCount: number };
        assert.equal(answer.FailedEntryCount, 0);
        assert.equal(answer.Entries.length, 2);
        // The engine calls again after a restart: the same answer, nothing published twice.
        assert.deepEqual(await events.invoke({ ...call }), answer);
        const published = await listEventsSince(db);
        assert.deepEqual(
          published.map((e) => [e.event.id, e.event.source, e.event['detail-type'], e.event.detail.Message]),
          [
            [answer.Entries[0]?.EventId, 'my.source', 'MyDetailType', 'MyMessage'],
            [answer.Entries[1]?.EventId, 'my.source', 'MyDetailType', 'second'],
          ],
        );
        assert.deepEqual(published[1]?.event.resources, ['arn:x']);
        assert.equal(events.delivery(PUT), 'exactly-once');
        assert.ok(events.supports(`${PUT}.waitForTaskToken`));

        await assert.rejects(events.invoke(taskCall(PUT, { Entries: [{ Source: 'a', Detail: {} }] })), (err: StatesError) => {
          assert.equal(err.error, 'EventBridge.ValidationException');
          assert.match(err.causeText, /Entries\[0\]: DetailType is required/);
          return true;
        });
        await assert.rejects(events.invoke(taskCall(PUT, { Entries: [{ ...guideEntry, EventBusName: 'orders' }] })), {
          error: 'EventBridge.ResourceNotFoundException',
        });
      } finally {
        await db.close();
      }
    });

    test("the compiled callback step's sqs:sendMessage.waitForTaskToken reaches a mapped command or the bus", async () => {
      const db = await open();
      try {
        await migrate(db, [EVENTS_SCHEMA, WORKFLOW_CALLS_SCHEMA], name);
        const dir = scratchDir('godwit-queues-');
        const sink = join(dir, 'received.json');
        writeFileSync(join(dir, 'receive.sh'), `#!/bin/sh\ncat > ${sink}\n`);
        chmodSync(join(dir, 'receive.sh'), 0o755);
        const file = join(dir, 'godwit.config.yaml');
        const sqs = sqsIntegration(
          [
            { pattern: 'https://sqs.*.amazonaws.com/*/approvals', command: [join(dir, 'receive.sh')], file },
            { pattern: '*/audit', event: true, file },
          ],
          outboxPublisher(db),
          systemClock,
        );
        // The Approve state of test/golden/sagemaker-definitions/callback.asl.json, its parameters evaluated.
        const resource = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
        const body = { token: 'TOKEN-1', arguments: { note: 'please approve' } };
        const params = { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/approvals', MessageBody: body };
        const sent = (await sqs.invoke(taskCall(resource, params, { taskToken: 'TOKEN-1' }))) as { MD5OfMessageBody: string };
        const received = JSON.parse(readFileSync(sink, 'utf8'));
        assert.equal(received.QueueUrl, params.QueueUrl);
        assert.deepEqual(JSON.parse(received.MessageBody), body);
        assert.match(sent.MD5OfMessageBody, /^[0-9a-f]{32}$/);

        const audit = { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/audit', MessageBody: 'plain text' };
        const answer = (await sqs.invoke(taskCall(resource, audit))) as { MessageId: string };
        const [event] = (await listEventsSince(db)).map((e) => e.event);
        assert.equal(event?.id, answer.MessageId);
        assert.equal(event?.source, 'godwit.workflows');
        assert.equal(event?.['detail-type'], 'Godwit Queue Message');
        assert.equal(event?.detail.MessageBody, 'plain text');

        await assert.rejects(
          sqs.invoke(taskCall(resource, { QueueUrl: 'https://sqs.x/1/other', MessageBody: 'x' })),
          (err: StatesError) => {
            assert.equal(err.error, 'SQS.QueueDoesNotExistException');
            assert.match(err.causeText, /workflows: \{ queues/);
            return true;
          },
        );
      } finally {
        await db.close();
      }
    });
  });
}

eventsSuite('SQLite', () => openDatabase({ file: join(scratchDir('godwit-wf-events-'), 'meta.sqlite') }));
eventsSuite('PostgreSQL', async () => openDatabase({ url: await testDatabase() }), POSTGRES_SKIP);
