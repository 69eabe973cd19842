import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModelDir } from '../../serving/model-fixtures.js';

describe('godwit monitor schedule and executions, without a server', () => {
  const root = scratchDir('godwit-monitor-cli-');
  const home = godwitHome(join(root, 'home'));
  const env = { GODWIT_HOME: home.root };
  const reports = `${pathToFileURL(join(root, 'reports')).href}/`;
  const run = (...args: string[]) => cli(['monitor', ...args], env, root);
  before(async () => {
    const made = await cli(['endpoint', 'create', 'churn', '--model', linearModelDir(root, [1, 2], 0.5)], env, root);
    assert.equal(made.code, 0, made.stderr);
  });

  test('create records a CreateMonitoringSchedule-style schedule; list, describe and --json show it', async () => {
    const made = await run(
      'schedule',
      'create',
      'churn-hourly',
      '--endpoint',
      'churn',
      '--output',
      reports,
      '--statistics',
      's3://b/statistics.json',
    );
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.stdout.trim(), 'Monitoring schedule churn-hourly: Pending.');
    const listed = await run('schedule', 'list');
    assert.match(listed.stdout, /churn-hourly +Pending +DataQuality +churn +cron\(0 \* \? \* \* \*\)/);
    const described = await run('schedule', 'describe', 'churn-hourly');
    assert.match(described.stdout, /Last run: +none yet/);
    const record = JSON.parse((await run('schedule', 'describe', 'churn-hourly', '--json')).stdout);
    assert.equal(
      record.schedule.config.MonitoringJobDefinition.BaselineConfig.StatisticsResource.S3Uri,
      's3://b/statistics.json',
    );
    const metadata = await openMetadata(home, systemClock, {});
    try {
      assert.equal((await metadata.monitoring.getSchedule('churn-hourly'))?.endpointName, 'churn');
    } finally {
      await metadata.close();
    }
  });

  test('stop, start and delete; executions of a schedule that has not run say how it would', async () => {
    assert.match((await run('schedule', 'stop', 'churn-hourly')).stdout, /: Stopped\./);
    assert.match((await run('schedule', 'start', 'churn-hourly')).stdout, /: Pending\./);
    const none = await run('executions', 'churn-hourly');
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /No executions of churn-hourly yet/);
    assert.match((await run('schedule', 'delete', 'churn-hourly')).stdout, /deleted/);
    const gone = await run('executions', 'churn-hourly');
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /Could not find monitoring schedule "churn-hourly"/);
  });

  test("refuses in SageMaker's words: a bad cron, an unknown endpoint, NOW without its window, a flag the action does not take", async () => {
    const bad = await run('schedule', 'create', 'x', '--endpoint', 'churn', '--output', reports, '--cron', 'cron(0/5 * * * ? *)');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Invalid ScheduleExpression/);
    assert.match(bad.stderr, /cron\(0 \* \? \* \* \*\)/);
    const ghost = await run('schedule', 'create', 'x', '--endpoint', 'ghost', '--output', reports);
    assert.match(ghost.stderr, /Could not find endpoint "ghost"/);
    const now = await run('schedule', 'create', 'x', '--endpoint', 'churn', '--output', reports, '--cron', 'NOW');
    assert.match(now.stderr, /DataAnalysisStartTime/);
    const stray = await run('schedule', 'list', '--output', reports);
    assert.match(stray.stderr, /does not take --output/);
  });
});
