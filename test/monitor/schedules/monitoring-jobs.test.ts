import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MonitoringType } from '../../../src/monitor/monitoring-job.js';
import { MONITORING_JOBS } from '../../../src/monitor/schedules/monitoring-jobs.js';

test("each of SageMaker's four monitoring types has its job registered, and it loads as that type", async () => {
  const types: MonitoringType[] = ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'];
  assert.deepEqual(Object.keys(MONITORING_JOBS).sort(), [...types].sort());
  for (const type of types) {
    const load = MONITORING_JOBS[type];
    assert.ok(load, `${type} is registered`);
    const job = await load();
    assert.equal(job.type, type);
    assert.equal(typeof job.run, 'function');
  }
});
