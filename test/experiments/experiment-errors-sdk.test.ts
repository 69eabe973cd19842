import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateInferenceExperimentCommand,
  DeleteInferenceExperimentCommand,
  DescribeInferenceExperimentCommand,
  ListInferenceExperimentsCommand,
  StartInferenceExperimentCommand,
  StopInferenceExperimentCommand,
  UpdateInferenceExperimentCommand,
} from '@aws-sdk/client-sagemaker';
import { awsError } from '../server/hosting-fixture.js';
import { experimentFixture } from './experiment-fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// SageMaker's validation and errors for inference experiments, through the official client.
describe('inference experiments refuse what SageMaker refuses', () => {
  let f: Awaited<ReturnType<typeof experimentFixture>>;
  const at = (ms: number) => new Date(f.clock.now().getTime() + ms);
  const create = (input: ReturnType<typeof f.request>) => f.sm.send(new CreateInferenceExperimentCommand(input));
  before(async () => {
    f = await experimentFixture(600);
    await f.endpoint('guarded');
  });
  after(() => f?.close());

  test('bad variants, sampling out of 1–100, durations out of range, unknown endpoints and models', async () => {
    const base = f.request('bad', 'guarded', 50);
    const unknownSource = { ...base, ShadowModeConfig: { ...base.ShadowModeConfig, SourceModelVariantName: 'Nope' } };
    await assert.rejects(
      create(unknownSource),
      awsError('ValidationException', 'SourceModelVariantName "Nope"', 'AllTraffic, Shadow'),
    );
    const notOnEndpoint = f.request('bad', 'guarded', 50);
    notOnEndpoint.ModelVariants[0].VariantName = 'Blue';
    notOnEndpoint.ShadowModeConfig.SourceModelVariantName = 'Blue';
    await assert.rejects(
      create(notOnEndpoint),
      awsError('ValidationException', 'not a production variant of endpoint "guarded"', 'AllTraffic'),
    );
    for (const pct of [0, 101, -5]) {
      await assert.rejects(
        create(f.request('bad', 'guarded', pct)),
        awsError('ValidationException', `'${pct}'`, 'samplingPercentage', 'between 1 and 100'),
      );
    }
    await assert.rejects(
      create(f.request('bad', 'guarded', 50, { EndTime: at(31 * DAY) })),
      awsError('ValidationException', 'at most 30 days'),
    );
    await assert.rejects(
      create(f.request('bad', 'guarded', 50, { StartTime: at(2 * HOUR), EndTime: at(HOUR) })),
      awsError('ValidationException', 'must be after Schedule.StartTime'),
    );
    await assert.rejects(
      create(f.request('bad', 'nowhere', 50)),
      awsError('ValidationException', 'Could not find endpoint', ':endpoint/nowhere'),
    );
    const noModel = f.request('bad', 'guarded', 50);
    noModel.ModelVariants[1].ModelName = 'missing-model';
    await assert.rejects(create(noModel), awsError('ValidationException', 'Could not find model', 'missing-model'));
    await assert.rejects(create({ ...base, Type: 'Canary' as never }), awsError('ValidationException', 'ShadowMode'));
    await assert.rejects(
      f.sm.send(new DescribeInferenceExperimentCommand({ Name: 'bad' })),
      awsError('ResourceNotFound', 'Could not find inference experiment "bad"'),
    );
  });

  test('one experiment at a time per endpoint: an overlapping schedule is ResourceInUse, a later one is fine', async () => {
    await create(f.request('tomorrow', 'guarded', 50, { StartTime: at(DAY), EndTime: at(2 * DAY) }));
    await assert.rejects(
      create(f.request('overlap', 'guarded', 50, { StartTime: at(DAY + HOUR), EndTime: at(3 * DAY) })),
      awsError('ResourceInUse', 'already has inference experiment "tomorrow"'),
    );
    await assert.rejects(
      create(f.request('tomorrow', 'guarded', 10, { StartTime: at(5 * DAY), EndTime: at(6 * DAY) })),
      awsError('ResourceInUse', 'already existing'),
    );
    await create(f.request('later', 'guarded', 20, { StartTime: at(3 * DAY), EndTime: at(4 * DAY) }));
    const d = await f.describe('later');
    assert.equal(d.Status, 'Created');
    assert.deepEqual(
      d.ModelVariants?.map((v) => v.Status),
      ['InService', 'Creating'],
    );
    // Moving `later` onto `tomorrow`'s days is refused the same way.
    await assert.rejects(
      f.sm.send(new UpdateInferenceExperimentCommand({ Name: 'later', Schedule: { StartTime: at(DAY), EndTime: at(4 * DAY) } })),
      awsError('ResourceInUse', '"tomorrow"'),
    );
    const listed = await f.sm.send(
      new ListInferenceExperimentsCommand({ StatusEquals: 'Created', SortBy: 'Name', SortOrder: 'Ascending' }),
    );
    assert.deepEqual(
      listed.InferenceExperiments?.map((e) => e.Name),
      ['later', 'tomorrow'],
    );
  });

  test('stopping, updating, starting and deleting follow the status', async () => {
    await assert.rejects(
      f.sm.send(
        new StopInferenceExperimentCommand({
          Name: 'tomorrow',
          ModelVariantActions: { Shadow: 'Promote', AllTraffic: 'Remove' },
        }),
      ),
      awsError('ValidationException', 'has not started'),
    );
    await f.sm.send(new StopInferenceExperimentCommand({ Name: 'tomorrow', ModelVariantActions: { Shadow: 'Remove' } }));
    assert.equal((await f.describe('tomorrow')).Status, 'Cancelled');
    await assert.rejects(
      f.sm.send(new StopInferenceExperimentCommand({ Name: 'tomorrow', ModelVariantActions: { Shadow: 'Remove' } })),
      awsError('ConflictException', 'status Cancelled'),
    );
    await assert.rejects(
      f.sm.send(
        new UpdateInferenceExperimentCommand({
          Name: 'later',
          ShadowModeConfig: {
            SourceModelVariantName: 'AllTraffic',
            ShadowModelVariants: [{ ShadowModelVariantName: 'Shadow', SamplingPercentage: 0 }],
          },
        }),
      ),
      awsError('ValidationException', 'samplingPercentage'),
    );
    await f.sm.send(new UpdateInferenceExperimentCommand({ Name: 'later', Description: 'now with a reason' }));
    await f.sm.send(new StartInferenceExperimentCommand({ Name: 'later' }));
    await assert.rejects(f.sm.send(new StartInferenceExperimentCommand({ Name: 'later' })), awsError('ConflictException'));
    const running = await f.until('later', 'Running');
    assert.equal(running.Description, 'now with a reason');
    await assert.rejects(
      f.sm.send(new DeleteInferenceExperimentCommand({ Name: 'later' })),
      awsError('ConflictException', 'Running'),
    );
    await assert.rejects(
      f.sm.send(
        new UpdateInferenceExperimentCommand({
          Name: 'later',
          ShadowModeConfig: {
            SourceModelVariantName: 'AllTraffic',
            ShadowModelVariants: [{ ShadowModelVariantName: 'Shadow', SamplingPercentage: 80 }],
          },
        }),
      ),
      awsError('ValidationException', 'only Schedule.EndTime and Description'),
    );
    await assert.rejects(
      f.sm.send(new StopInferenceExperimentCommand({ Name: 'later', ModelVariantActions: { AllTraffic: 'Remove' } })),
      awsError('ValidationException', 'needs the shadow "Shadow" promoted'),
    );
    await assert.rejects(
      f.sm.send(new StopInferenceExperimentCommand({ Name: 'later', ModelVariantActions: { Elsewhere: 'Remove' } })),
      awsError('ValidationException', 'not in the experiment'),
    );
    await f.sm.send(
      new StopInferenceExperimentCommand({ Name: 'later', ModelVariantActions: { Shadow: 'Remove' }, DesiredState: 'Cancelled' }),
    );
    const stopped = await f.until('later', 'Cancelled');
    assert.deepEqual(
      stopped.ModelVariants?.map((v) => v.Status),
      ['InService', 'Deleted'],
    );
    const deleted = await f.sm.send(new DeleteInferenceExperimentCommand({ Name: 'later' }));
    assert.match(deleted.InferenceExperimentArn ?? '', /:inference-experiment\/later$/);
    await assert.rejects(f.sm.send(new DescribeInferenceExperimentCommand({ Name: 'later' })), awsError('ResourceNotFound'));
  });
});
