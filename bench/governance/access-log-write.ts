/**
 * What it costs that a principal's decision is in the access log before the check answers
 * (src/governance/principals/policy.ts, `makeAuthorize`): the check of one request awaits the
 * group write its decision is in. Measured in process over the metadata database of a fresh home
 * on SQLite (the default), against the same checks over a log that writes nothing (what a
 * request waited for before: the evaluation and a turn of the event loop).
 *
 *   node --conditions=godwit-source --import tsx bench/governance/access-log-write.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import type { AccessLog, Caller } from '../../src/governance/governance-records.js';
import { makeAuthorize } from '../../src/governance/principals/policy.js';
import { openMetadata } from '../../src/meta/index.js';

const SEQUENTIAL = 2000;
const CONCURRENT = 64;
const ROUNDS = 100;
const RESOURCE = 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/churn';
const ana: Caller = {
  kind: 'principal',
  principal: {
    name: 'ana',
    kind: 'user',
    arn: 'arn:aws:iam::000000000000:user/ana',
    policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] }],
    createdAt: new Date(0),
  },
};

const root = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'godwit-bench-audit-'));
const metadata = await openMetadata(godwitHome(join(root, 'home')), systemClock, {});
const nothing: AccessLog = { record: async () => {}, list: async () => [] };

async function measure(log: AccessLog): Promise<{ sequentialUs: number; concurrentUs: number }> {
  const authorize = makeAuthorize(log);
  for (let i = 0; i < 200; i++) await authorize(ana, 'sagemaker:DescribeEndpoint', RESOURCE, 'sagemaker');
  let t = process.hrtime.bigint();
  for (let i = 0; i < SEQUENTIAL; i++) await authorize(ana, 'sagemaker:DescribeEndpoint', RESOURCE, 'sagemaker');
  const sequentialUs = Number(process.hrtime.bigint() - t) / 1000 / SEQUENTIAL;
  t = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) {
    await Promise.all(
      Array.from({ length: CONCURRENT }, () => authorize(ana, 'sagemaker:DescribeEndpoint', RESOURCE, 'sagemaker')),
    );
  }
  const concurrentUs = Number(process.hrtime.bigint() - t) / 1000 / ROUNDS;
  await authorize.flush();
  return { sequentialUs, concurrentUs };
}

const rows: string[] = [];
for (let run = 0; run < 3; run++) {
  const none = await measure(nothing);
  const sqlite = await measure(metadata.accessLog);
  rows.push(
    `run ${run + 1}: one check at a time ${none.sequentialUs.toFixed(1)} µs without the write, ${sqlite.sequentialUs.toFixed(1)} µs awaiting it; ` +
      `${CONCURRENT} concurrent checks ${none.concurrentUs.toFixed(0)} µs without, ${sqlite.concurrentUs.toFixed(0)} µs awaiting one shared write`,
  );
}
const logged = (await metadata.accessLog.list({ limit: 1_000_000 })).length;
await metadata.close();
rmSync(root, { recursive: true, force: true });
process.stdout.write(`${rows.join('\n')}\n(${logged} decisions written)\n`);
