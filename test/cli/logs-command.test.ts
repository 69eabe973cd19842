import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { logsServer } from '../server/logs/logs-fixture.js';
import { cli } from './capture.js';

describe('godwit logs', () => {
  let f: Awaited<ReturnType<typeof logsServer>>;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    f = await logsServer();
    env = { GODWIT_HOME: f.h.home.root };
  });
  after(async () => {
    await f?.close();
  });

  test("training-job prints the job's log lines, no server needed", async () => {
    const r = await cli(['logs', 'training-job', 'abalone-train'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      f.commandLine,
      'Starting training',
      'epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying',
      'epoch 2 loss=0.31',
      'Connection refused by the tracker',
      'Training complete',
    ]);
    const prep = await cli(['logs', 'processing-job', 'abalone-prep', '--json'], env);
    const last = JSON.parse(prep.stdout.trimEnd().split('\n').at(-1) ?? '{}');
    assert.equal(last.message, 'prepared 10 rows');
    assert.match(last.stream, /^abalone-prep\/algo-1-\d+$/);
  });

  test('an unknown job is an error naming it; a job not started says so', async () => {
    const r = await cli(['logs', 'training-job', 'nope'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no training job named "nope"/);
    const waiting = await cli(['logs', 'training-job', 'not-started'], env);
    assert.equal(waiting.code, 0, waiting.stderr);
    assert.match(waiting.stderr, /has not started yet/);
  });

  test('--follow prints lines written later and stops when the job ends', async () => {
    const jobs = f.h.services.metadata.jobs;
    await jobs.update('training', 'abalone-train', { status: 'InProgress' });
    const job = await jobs.get('training', 'abalone-train');
    const [attempt] = await f.h.services.metadata.store.listAttempts(job?.runId as string);
    const following = cli(['logs', 'training-job', 'abalone-train', '--follow'], env);
    setTimeout(() => appendFileSync(attempt.logPath as string, 'a line written later\n'), 300);
    setTimeout(() => void jobs.update('training', 'abalone-train', { status: 'Completed' }), 1500);
    const r = await following;
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'a line written later');
    assert.equal(lines.filter((l) => l === 'Training complete').length, 1, 'no line printed twice');
  });

  test("endpoint prints each instance's lines after its stream; --variant narrows, an unknown endpoint fails", async () => {
    const r = await cli(['logs', 'endpoint', 'churn'], env);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^AllTraffic\/i-[0-9a-f]{17} {2}serving on 8080$/);
    const none = await cli(['logs', 'endpoint', 'churn', '--variant', 'canary'], env);
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, '');
    const missing = await cli(['logs', 'endpoint', 'gone'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /log group \/aws\/sagemaker\/Endpoints\/gone does not exist/);
  });
});
