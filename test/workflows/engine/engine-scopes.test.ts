import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Json, MapState } from '../../../src/workflows/asl/asl-types.js';
import type { MapItemIo, MapItemResult } from '../../../src/workflows/engine/map-item-io.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FunctionIntegrations, type Harness, harness, historyTypes, runMachine } from './engine-fixture.js';

/** Items from memory and results kept: the distributed Map's seam, without an object store. */
class MemoryItemIo implements MapItemIo {
  written?: { mapRunArn: string; results: readonly MapItemResult[]; parameters: Json };
  constructor(private readonly items: readonly Json[]) {}
  async readItems(_reader: NonNullable<MapState['ItemReader']>, _parameters: Json): Promise<readonly Json[]> {
    return this.items;
  }
  async writeResults(
    _w: NonNullable<MapState['ResultWriter']>,
    parameters: Json,
    run: { mapRunArn: string; results: readonly MapItemResult[] },
  ) {
    this.written = { ...run, parameters };
    return { MapRunArn: run.mapRunArn, ResultWriterDetails: { Bucket: 'b', Key: 'k/manifest.json' } };
  }
}

describe('variables, Map tolerance and distributed Maps', () => {
  let h: Harness;
  const io = new MemoryItemIo([{ n: 1 }, { n: 2 }, { n: 3 }]);
  before(async () => {
    h = await harness(new FakeClock(), new FunctionIntegrations({}), { itemIo: io });
  });
  after(async () => {
    await h.service.close();
    await h.metadata.close();
  });

  test('Assign reads state-entry values; branches and iterations read outer variables and keep their own', async () => {
    const run = await runMachine(h.service, {
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { x: 1, y: 2 }, Next: 'Swap' },
        Swap: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: [10, 20],
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign: { mine: '{% $states.input + $x %}' }, Next: 'Read' },
              Read: { Type: 'Pass', Output: '{% $mine %}', End: true },
            },
          },
          Assign: { sums: '{% $states.result %}' },
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $y %}', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $sums %}', End: true } } },
          ],
          Next: 'Last',
        },
        Last: { Type: 'Pass', Output: { branches: '{% $states.input %}', mine: '{% $exists($mine) %}' }, End: true },
      },
    });
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    assert.deepEqual(JSON.parse(run.output ?? ''), { branches: [1, [12, 22]], mine: false });
  });

  test('ToleratedFailureCount: failures within it give error outputs, beyond it States.ExceedToleratedFailureThreshold', async () => {
    const machine = (tolerated: number) => ({
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          Items: '{% $states.input %}',
          ToleratedFailureCount: tolerated,
          ItemProcessor: {
            StartAt: 'Check',
            States: {
              Check: { Type: 'Choice', Choices: [{ Condition: '{% $states.input < 0 %}', Next: 'Bad' }], Default: 'Good' },
              Bad: { Type: 'Fail', Error: 'Negative', Cause: 'below zero' },
              Good: { Type: 'Succeed' },
            },
          },
          End: true,
        },
      },
    });
    const within = await runMachine(h.service, machine(1), [1, -1, 2]);
    assert.equal(within.status, 'SUCCEEDED', within.cause);
    assert.deepEqual(JSON.parse(within.output ?? ''), [1, { Error: 'Negative', Cause: 'below zero' }, 2]);
    const beyond = await runMachine(h.service, machine(1), [1, -1, -2]);
    assert.equal(beyond.status, 'FAILED');
    assert.equal(beyond.error, 'States.ExceedToleratedFailureThreshold');
    const strict = await runMachine(
      h.service,
      { ...machine(0), States: { Each: { ...machine(0).States.Each, ToleratedFailureCount: undefined } } },
      [-1],
    );
    assert.equal(strict.error, 'Negative');
  });

  test('a distributed Map reads its items through MapItemIo and writes its results through the ResultWriter', async () => {
    const run = await runMachine(h.service, {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'b', Key: 'items.json' },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Double',
            States: { Double: { Type: 'Pass', Parameters: { 'twice.$': 'States.MathAdd($.n, $.n)' }, End: true } },
          },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'out' } },
          End: true,
        },
      },
    });
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    const output = JSON.parse(run.output ?? '');
    assert.match(output.MapRunArn, /^arn:aws:states:us-east-1:000000000000:mapRun:m\d+-\d+\/Each:/);
    assert.deepEqual(io.written?.parameters, { Bucket: 'b', Prefix: 'out' });
    assert.deepEqual(
      io.written?.results.map((r) => [r.status, r.output]),
      [
        ['SUCCEEDED', { twice: 2 }],
        ['SUCCEEDED', { twice: 4 }],
        ['SUCCEEDED', { twice: 6 }],
      ],
    );
    const types = await historyTypes(h.service, run.executionArn);
    assert.ok(types.includes('MapRunStarted') && types.includes('MapRunSucceeded'));
  });
});
