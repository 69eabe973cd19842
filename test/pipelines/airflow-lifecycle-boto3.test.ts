import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { EXAMPLES, python, REAL, realServer } from './real-definitions-fixture.js';

// Apache Airflow's SageMaker pipeline system test, as its operators call boto3, on the definition
// it builds with the SageMaker SDK (31 nested Condition steps), against `godwit server`.
describe("Airflow's SageMaker pipeline system test, through Debian's boto3", { skip }, () => {
  let server: Awaited<ReturnType<typeof realServer>>;
  before(async () => {
    server = await realServer();
  });
  after(async () => server?.close());

  test('create, start twice, stop the first (Stopping → Stopped), await the second, list its 31 Condition steps, delete', async () => {
    const out = await python([
      join(EXAMPLES, 'airflow_pipeline_lifecycle.py'),
      '--endpoint-url',
      server.url,
      '--definition',
      join(REAL, 'airflow-example-sagemaker-pipeline.definition.json'),
    ]);
    const result = JSON.parse(out);

    // Godwit runs these 31 Condition steps in tens of milliseconds, so the stop (sent after the
    // second start, as Airflow sends it) may find the first execution over, which SageMaker refuses
    // with a ValidationException and Airflow's hook accepts (fail_if_not_running=False).
    if (result.first.refused === null) {
      assert.ok(['Stopping', 'Stopped'].includes(result.first.afterStop), result.first.afterStop);
      assert.equal(result.first.final, 'Stopped');
      assert.ok(result.first.steps.length < 31, 'the stopped execution did not run every step');
    } else {
      assert.match(result.first.refused, /is Succeeded and cannot be stopped/);
      assert.equal(result.first.final, 'Succeeded');
      assert.equal(result.first.steps.length, 31);
    }
    assert.equal(result.second.final, 'Succeeded');
    assert.deepEqual(new Set(result.listed), new Set([result.first.arn, result.second.arn]));
    const steps = result.steps as { name: string; type: string; status: string; metadata: unknown }[];
    assert.equal(steps.length, 31);
    // Outermost first: DummyCond29 guards DummyCond28, … down to DummyCond0, then DummyCond.
    const names = [...Array.from({ length: 30 }, (_, i) => `DummyCond${29 - i}`), 'DummyCond'];
    assert.deepEqual(
      steps.map((s) => s.name),
      names,
    );
    for (const s of steps) {
      assert.equal(s.status, 'Succeeded', s.name);
      assert.deepEqual(s.metadata, { Condition: { Outcome: 'True' } }, s.name);
    }
    assert.equal(result.deleted, true);
  });
});
