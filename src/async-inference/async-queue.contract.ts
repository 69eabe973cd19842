/**
 * The contract the asynchronous queue passes on every database, run against a real one (a SQLite
 * file, a real PostgreSQL server). `open` returns the opened metadata on a fresh database; the
 * suite closes it. Each test uses its own endpoint names, so tests do not see each other's rows.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import { asyncResultEvent } from './async-events.js';
import type { AsyncQueue, NewAsyncRequest } from './async-records.js';

const T0 = Date.parse('2026-12-06T08:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function request(endpointName: string, extra: Partial<NewAsyncRequest> = {}): NewAsyncRequest {
  const inferenceId = randomUUID();
  return {
    id: randomUUID(),
    inferenceId,
    endpointName,
    inputLocation: 's3://in/x.csv',
    contentType: 'text/csv',
    outputLocation: `s3://out/${inferenceId}.out`,
    failureLocation: `s3://out/${inferenceId}-error.out`,
    notification: { successTopic: 'arn:aws:sns:us-east-1:000000000000:ok' },
    receivedAt: at(0),
    expiresAt: at(600),
    invocationTimeoutSeconds: 60,
    ...extra,
  };
}

export function asyncQueueContract(name: string, open: () => Promise<Metadata>, options: { skip?: string } = {}) {
  describe(`AsyncQueue contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let queue: AsyncQueue;
    before(async () => {
      metadata = await open();
      queue = metadata.asyncQueue;
    });
    after(() => metadata?.close());

    test('keeps a request whole, inline body and all, and hands requests out oldest first, each once', async () => {
      const e = unique('e');
      const first = await queue.enqueue(request(e, { inputLocation: undefined, body: Buffer.from([0, 1, 255]) }));
      const second = await queue.enqueue(request(e, { accept: 'text/csv', customAttributes: 'trace=1' }));
      const kept = await queue.get(first.id);
      assert.deepEqual(kept?.body, Buffer.from([0, 1, 255]));
      assert.equal(kept?.status, 'Queued');
      assert.deepEqual(kept?.notification, { successTopic: 'arn:aws:sns:us-east-1:000000000000:ok' });
      assert.deepEqual(await queue.claimable(at(1)).then((names) => names.includes(e)), true);
      const [a] = await queue.claim(e, 'one', 1, at(1), 1000);
      assert.equal(a.id, first.id);
      assert.equal(a.status, 'InProgress');
      assert.equal(a.owner, 'one');
      assert.equal(a.attempts, 1);
      assert.equal(a.leaseUntil?.getTime(), at(1).getTime() + 60_000 + 1000, 'lease = timeout + grace');
      const [b, ...none] = await queue.claim(e, 'two', 5, at(1), 1000);
      assert.equal(b.id, second.id);
      assert.equal(b.customAttributes, 'trace=1');
      assert.deepEqual(none, []);
      assert.deepEqual(await queue.claim(e, 'three', 5, at(2), 1000), [], 'nothing is handed out twice');
    });

    test('release puts back what one owner holds; a lease that ran out lets another owner take it', async () => {
      const e = unique('e');
      const r1 = await queue.enqueue(request(e));
      const r2 = await queue.enqueue(request(e));
      await queue.claim(e, 'dead', 1, at(0), 0);
      await queue.claim(e, 'other', 1, at(0), 0);
      assert.equal(await queue.release('dead'), 1);
      const [again] = await queue.claim(e, 'new', 5, at(1), 0);
      assert.equal(again.id, r1.id);
      assert.equal(again.attempts, 2);
      assert.deepEqual(await queue.claim(e, 'new', 5, at(59), 0), [], "other's lease holds for its 60 s timeout");
      const [late] = await queue.claim(e, 'new', 5, at(61), 0);
      assert.equal(late.id, r2.id);
      assert.equal(await queue.finish(r2.id, 'other', undefined), false, 'the old owner cannot finish it any more');
    });

    test('finish removes the request and publishes its event in the same transaction', async () => {
      const e = unique('e');
      const r = await queue.enqueue(request(e));
      const [claimed] = await queue.claim(e, 'me', 1, at(1), 0);
      const before = await metadata.outbox.since(undefined, 100_000);
      const event = asyncResultEvent(
        claimed,
        { status: 'Completed', contentType: 'text/csv', body: Buffer.from('6\n'), variantName: 'A' },
        at(2),
      );
      assert.equal(await queue.finish(r.id, 'me', event), true);
      assert.equal(await queue.get(r.id), undefined);
      const events = await metadata.outbox.since(before.at(-1)?.cursor);
      const mine = events.filter((x) => x.event.detail.inferenceId === r.inferenceId);
      assert.equal(mine.length, 1);
      assert.equal(mine[0].event['detail-type'], 'SageMaker Async Inference Result');
      assert.equal(mine[0].event.detail.invocationStatus, 'Completed');
      assert.equal(await queue.finish(r.id, 'me', event), false, 'finishing twice publishes nothing more');
    });

    test('expired hands out queued requests past their TTL, and backlogs count queued and in-flight ones', async () => {
      const e = unique('e');
      await queue.enqueue(request(e, { receivedAt: at(0), expiresAt: at(60) }));
      await queue.enqueue(request(e, { receivedAt: at(10), expiresAt: at(6000) }));
      await queue.enqueue(request(e, { receivedAt: at(20), expiresAt: at(6000) }));
      await queue.claim(e, 'me', 1, at(30), 0);
      const backlog = (await queue.backlogs()).find((b) => b.endpointName === e);
      assert.deepEqual(backlog, { endpointName: e, size: 3, inFlight: 1, oldestReceivedAt: at(0) });
      const mine = async (now: Date) => (await queue.expired('me', now, 100)).filter((r) => r.endpointName === e);
      assert.deepEqual(await mine(at(59)), [], 'the first was claimed, the others have not expired');
      await queue.enqueue(request(e, { receivedAt: at(30), expiresAt: at(90) }));
      const expired = await mine(at(91));
      assert.equal(expired.length, 1);
      assert.equal(expired[0].status, 'InProgress');
    });
  });
}
