import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir } from '../serving/model-fixtures.js';
import { errorAlarm } from '../serving/rollout/rollout-fixture.js';
import { cli } from './capture.js';

const root = scratchDir('godwit-rollout-cli-');
const home = godwitHome(join(root, 'home'));
const env = { GODWIT_HOME: home.root };
const folder = linearModelDir(root, [1, 2], 0.5);
const run = (...args: string[]) => cli(['endpoint', ...args], env, root);

describe('godwit endpoint update --traffic …: a guarded update from the command line', () => {
  test('flags become the DeploymentConfig; bad ones are refused before anything is recorded', async () => {
    assert.equal((await run('create', 'guarded', '--model', folder, '--instance-count', '2')).code, 0);
    const metadata = await openMetadata(home, systemClock, {});
    try {
      await metadata.endpoints.reportEndpoint('guarded', { status: 'InService' });
      const stray = await run('update', 'guarded', '--model', folder, '--step', '1');
      assert.equal(stray.code, 2);
      assert.match(stray.stderr, /--step needs --traffic all-at-once\|canary\|linear\|rolling/);
      const missing = await run(
        'update',
        'guarded',
        '--model',
        folder,
        '--instance-count',
        '2',
        '--traffic',
        'canary',
        '--step',
        '1',
        '--rollback-alarm',
        'nope',
      );
      assert.notEqual(missing.code, 0);
      assert.match(
        missing.stderr,
        /Value 'nope' at 'deploymentConfig\.autoRollbackConfiguration\.alarms\.1\.member\.alarmName'.*does not exist/,
      );
      const big = await run(
        'update',
        'guarded',
        '--model',
        folder,
        '--instance-count',
        '2',
        '--traffic',
        'canary',
        '--step',
        '2',
      );
      assert.match(big.stderr, /CanarySize 2 instance\(s\).*at most 50% of the new fleet's capacity of 2 instance\(s\)/);
      assert.equal((await metadata.endpoints.getEndpoint('guarded'))?.status, 'InService', 'nothing was recorded');

      await metadata.alarms.put(errorAlarm('guarded-5xx', 'guarded', 'AllTraffic'));
      const ok = await run(
        'update',
        'guarded',
        '--model',
        folder,
        '--instance-count',
        '2',
        '--traffic',
        'linear',
        '--step',
        '50%',
        '--bake',
        '120',
        '--termination-wait',
        '30',
        '--timeout',
        '1800',
        '--rollback-alarm',
        'guarded-5xx',
      );
      assert.equal(ok.code, 0, ok.stderr);
      const record = await metadata.endpoints.getEndpoint('guarded');
      assert.equal(record?.status, 'Updating');
      assert.deepEqual(record?.deploymentConfig, {
        blueGreen: {
          trafficRouting: { type: 'LINEAR', waitIntervalInSeconds: 120, linearStepSize: { type: 'CAPACITY_PERCENT', value: 50 } },
          terminationWaitInSeconds: 30,
          maximumExecutionTimeoutInSeconds: 1800,
        },
        autoRollback: { alarms: ['guarded-5xx'] },
      });
    } finally {
      await metadata.close();
    }
  });
});
