import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import { ACCESS_AUDIT_SCHEMA } from '../../src/governance/audit/access-audit-schema.js';
import { SqlAccessLog } from '../../src/governance/audit/sql-access-log.js';
import type { AccessDecision } from '../../src/governance/governance-records.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const ANA = 'arn:aws:iam::000000000000:user/ana';
const EP = (n: string) => `arn:aws:sagemaker:us-east-1:000000000000:endpoint/${n}`;
const d = (principal: string, action: string, resource: string, decision: 'allowed' | 'denied', via = 'sagemaker') =>
  ({
    principal,
    action,
    resource,
    decision,
    via,
    detail: decision === 'denied' ? 'no policy allows it' : undefined,
  }) satisfies Omit<AccessDecision, 'at'>;

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the access log (${backend})`, { skip: backend === 'postgres' && POSTGRES_SKIP }, () => {
    const open = async () => {
      const where =
        backend === 'postgres' ? { url: await testDatabase() } : { file: join(scratchDir('godwit-access-log-'), 'm.db') };
      const db = await openDatabase(where);
      await migrate(db, [ACCESS_AUDIT_SCHEMA], 'test');
      const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
      return { db, clock, log: new SqlAccessLog(db, clock) };
    };

    test('records many decisions in one call and filters them, newest first', async () => {
      const { db, clock, log } = await open();
      try {
        await log.record([
          d(ANA, 'sagemaker:CreateEndpoint', EP('a'), 'denied'),
          d(ANA, 'sagemaker:DescribeEndpoint', EP('a'), 'allowed'),
          d('arn:aws:iam::000000000000:role/etl', 's3:GetObject', 'arn:aws:s3:::data/x.csv', 'allowed', 's3'),
        ]);
        clock.advance(3_600_000);
        await log.record([
          d(ANA, 'states:StartExecution', 'arn:aws:states:us-east-1:000000000000:stateMachine:m', 'allowed', 'stepfunctions'),
        ]);
        await log.record([]);

        const all = await log.list();
        assert.deepEqual(
          all.map((x) => x.action),
          ['states:StartExecution', 's3:GetObject', 'sagemaker:DescribeEndpoint', 'sagemaker:CreateEndpoint'],
        );
        assert.equal(all[3].detail, 'no policy allows it');
        assert.equal(all[2].detail, undefined);
        assert.equal(all[0].at.toISOString(), '2026-03-01T11:00:00.000Z');
        assert.equal((await log.list({ principal: 'ana' })).length, 3, 'a bare name matches the user ARN');
        assert.equal((await log.list({ principal: 'etl' })).length, 1, 'and the role ARN');
        assert.equal((await log.list({ principal: ANA, decision: 'denied' })).length, 1);
        assert.equal((await log.list({ decision: 'allowed' })).length, 3);
        assert.equal((await log.list({ resource: EP('a') })).length, 2);
        assert.equal((await log.list({ resource: 'arn:aws:s3:::data/*' })).length, 1);
        assert.equal((await log.list({ resource: 'arn:aws:s3:::dat_/*' })).length, 0, '_ is literal');
        assert.equal((await log.list({ action: 'SAGEMAKER:createendpoint' })).length, 1, 'actions ignore case');
        assert.equal((await log.list({ action: 'sagemaker:*' })).length, 2);
        assert.equal((await log.list({ since: new Date('2026-03-01T10:30:00Z') })).length, 1);
        assert.deepEqual(
          (await log.list({ limit: 2 })).map((x) => x.action),
          ['states:StartExecution', 's3:GetObject'],
        );
      } finally {
        await db.close();
      }
    });

    test('a batch larger than one INSERT is written whole', async () => {
      const { db, log } = await open();
      try {
        const many = Array.from({ length: 450 }, (_, i) => d(ANA, 's3:GetObject', `arn:aws:s3:::b/${i}`, 'allowed', 's3'));
        await log.record(many);
        assert.equal((await log.list({ limit: 1000 })).length, 450);
      } finally {
        await db.close();
      }
    });

    test('the database refuses to change or remove a row', async () => {
      const { db, log } = await open();
      try {
        await log.record([d(ANA, 'sagemaker:CreateEndpoint', EP('a'), 'denied')]);
        await assert.rejects(db.run("UPDATE access_log SET decision = 'allowed'"), /append-only/);
        await assert.rejects(db.run('DELETE FROM access_log'), /append-only/);
        if (backend === 'postgres') await assert.rejects(db.exec('TRUNCATE access_log'), /append-only/);
        assert.equal((await log.list())[0].decision, 'denied');
      } finally {
        await db.close();
      }
    });
  });
}
