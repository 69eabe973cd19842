import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { modelPackageArnOf, pipelineExecutionArn } from '../../src/events/event-envelope.js';
import { EVENTS_SCHEMA, listEventsSince, publishEvent } from '../../src/events/event-outbox.js';
import { executionArn, modelPackageArn } from '../../src/server/aws/sagemaker/sagemaker-arns.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const event = (n: number) => ({
  source: 'aws.sagemaker' as const,
  detailType: 'SageMaker Model Package State Change',
  time: new Date(Date.UTC(2026, 11, 5, 14, 2, 11, 345)),
  resources: [modelPackageArnOf('Abalone', n)],
  detail: { ModelPackageVersion: n },
});

function outboxSuite(name: string, open: () => Promise<SqlDatabase>, skip?: string) {
  describe(`event outbox: ${name}`, { skip }, () => {
    test('a capability of its own: its table, published in the caller’s transaction, read on from a cursor', async () => {
      const db = await open();
      try {
        await migrate(db, [EVENTS_SCHEMA], name);
        const published = await db.transaction((tx) => publishEvent(tx, event(1)));
        // A state change that rolls back takes its event with it.
        await assert.rejects(
          db.transaction(async (tx) => {
            await publishEvent(tx, event(99));
            throw new Error('the change failed');
          }),
        );
        for (let n = 2; n <= 5; n++) await db.transaction((tx) => publishEvent(tx, event(n)));

        const all = await listEventsSince(db);
        assert.deepEqual(
          all.map((e) => e.event.detail.ModelPackageVersion),
          [1, 2, 3, 4, 5],
        );
        assert.deepEqual(all[0].event, published);
        assert.deepEqual(published, {
          version: '0',
          id: published.id,
          'detail-type': 'SageMaker Model Package State Change',
          source: 'aws.sagemaker',
          account: '000000000000',
          time: '2026-12-05T14:02:11Z',
          region: 'us-east-1',
          resources: ['arn:aws:sagemaker:us-east-1:000000000000:model-package/Abalone/1'],
          detail: { ModelPackageVersion: 1 },
        });
        const page = await listEventsSince(db, all[1].cursor, 2);
        assert.deepEqual(
          page.map((e) => e.event.detail.ModelPackageVersion),
          [3, 4],
        );
        assert.deepEqual(await listEventsSince(db, all[4].cursor), []);
        assert.equal(new Set(all.map((e) => e.event.id)).size, 5);
      } finally {
        await db.close();
      }
    });
  });
}

outboxSuite('sqlite', () => openDatabase({ file: join(scratchDir('godwit-outbox-'), 'db.sqlite') }));
outboxSuite('postgres', async () => openDatabase({ url: await testDatabase() }), POSTGRES_SKIP);

test('ARNs: the one form the SageMaker front door answers and resolves, names in their case', () => {
  // A consumer passes an event's ARN straight to DescribeModelPackage or DescribePipelineExecution,
  // which look names up exactly: the ARN must be the front door's own.
  assert.equal(
    pipelineExecutionArn('Abalone-Pipeline', 'run-20261205-140211-3f9a2c'),
    'arn:aws:sagemaker:us-east-1:000000000000:pipeline/Abalone-Pipeline/execution/run-20261205-140211-3f9a2c',
  );
  assert.equal(pipelineExecutionArn('Abalone-Pipeline', 'run-1'), executionArn('us-east-1', 'Abalone-Pipeline', 'run-1'));
  assert.equal(modelPackageArnOf('AbaloneGroup', 3), 'arn:aws:sagemaker:us-east-1:000000000000:model-package/AbaloneGroup/3');
  assert.equal(modelPackageArnOf('AbaloneGroup', 3), modelPackageArn('us-east-1', 'AbaloneGroup', 3));
});
