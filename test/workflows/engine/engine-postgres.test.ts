import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from '../../helpers/fake-clock.js';
import { POSTGRES_SKIP, testDatabase } from '../../helpers/postgres.js';
import { FunctionIntegrations, fn, harness, historyTypes, runMachine } from './engine-fixture.js';

describe('the engine on PostgreSQL', { skip: POSTGRES_SKIP }, () => {
  test('a Map of Tasks and a Parallel run to their end, every event recorded in order', async () => {
    const h = await harness(new FakeClock(), new FunctionIntegrations({ square: (call) => (call.parameters as number) ** 2 }), {
      url: await testDatabase(),
    });
    try {
      const run = await runMachine(
        h.service,
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.xs',
              ItemProcessor: { StartAt: 'Sq', States: { Sq: { Type: 'Task', Resource: fn('square'), End: true } } },
              ResultPath: '$.squares',
              Next: 'Both',
            },
            Both: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: '$.squares', End: true } } },
                { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1, End: true } } },
              ],
              OutputPath: '$[0]',
              End: true,
            },
          },
        },
        { xs: [1, 2, 3] },
      );
      assert.equal(run.status, 'SUCCEEDED', run.cause);
      assert.deepEqual(JSON.parse(run.output ?? ''), [1, 4, 9]);
      const events = (await h.service.getExecutionHistory(run.executionArn)).items;
      assert.deepEqual(
        events.map((e) => e.id),
        events.map((_, i) => i + 1),
      );
      const types = await historyTypes(h.service, run.executionArn);
      assert.equal(types.filter((t) => t === 'TaskSucceeded').length, 3);
      const events2 = (await h.metadata.outbox.since(undefined, 100)).filter((o) => o.event.source === 'aws.states');
      assert.deepEqual(
        events2.map((o) => o.event.detail.status),
        ['RUNNING', 'SUCCEEDED'],
      );
    } finally {
      await h.service.close();
      await h.metadata.close();
    }
  });
});
