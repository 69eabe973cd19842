import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { migrate } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';
import type { SqlDatabase } from '../../../src/db/sql-database.js';
import { EVENTS_SCHEMA, listEventsSince } from '../../../src/events/event-outbox.js';
import type { StatesError } from '../../../src/workflows/asl/states-error.js';
import { outboxPublisher } from '../../../src/workflows/integrations/events-integration.js';
import { localIntegrations } from '../../../src/workflows/integrations/local-integrations.js';
import { statesIntegration } from '../../../src/workflows/integrations/states-integration.js';
import { storeFactory } from '../../../src/workflows/integrations/store-factory.js';
import { StoreMapItemIo } from '../../../src/workflows/integrations/store-map-item-io.js';
import { WORKFLOW_CALLS_SCHEMA } from '../../../src/workflows/integrations/task-ledger.js';
import { LocalWorkflowService } from '../../../src/workflows/local-workflow-service.js';
import { scratchDir } from '../../helpers/scratch.js';
import { integrationsFixture, taskCall } from './integrations-fixture.js';

const ROLE = 'arn:aws:iam::000000000000:role/sfn';

// State machines run by the durable engine (LocalWorkflowService) against the real local services:
// a training job through the job service, a command mapped as a Lambda function, a nested execution.
describe('state machines on the engine with the local integrations', () => {
  let f: Awaited<ReturnType<typeof integrationsFixture>>;
  let service: LocalWorkflowService;
  let events: SqlDatabase;
  const dir = scratchDir('godwit-e2e-integrations-');
  const out = join(dir, 'models');

  const script = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
    return join(dir, name);
  };

  before(async () => {
    script('train', '#!/bin/sh\necho weights > "$SM_MODEL_DIR/model.txt"\n');
    script('slow-train', '#!/bin/sh\nsleep 2\necho weights > "$SM_MODEL_DIR/model.txt"\n');
    script('keep.sh', '#!/bin/sh\ncat > "$1"\n');
    script('fail', '#!/bin/sh\necho "no rows in channel train" > "$SM_OUTPUT_DIR/failure"\nexit 1\n');
    const double = script(
      'double.mjs',
      '#!/usr/bin/env node\nlet s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify({doubled:JSON.parse(s).n*2})));\n',
    );
    f = await integrationsFixture();
    events = await openDatabase({ file: join(dir, 'events.sqlite') });
    await migrate(events, [EVENTS_SCHEMA, WORKFLOW_CALLS_SCHEMA], 'events');
    service = engine(double);
    await service.start();
  });
  /** A workflow service (an engine) over the fixture's services, as the server builds one at each start. */
  function engine(double: string): LocalWorkflowService {
    const stores = storeFactory(() => ({ home: f.home.root }));
    const integrations = localIntegrations({
      jobs: f.jobs,
      sagemaker: f.sagemaker,
      endpoints: f.services.metadata.endpoints,
      workflows: () => service,
      publish: outboxPublisher(events),
      stores,
      config: {
        lambdas: [
          { pattern: 'double', command: [double], file: join(dir, 'godwit.config.yaml') },
          { pattern: 'ask', command: [join(dir, 'keep.sh'), join(dir, 'asked.json')], file: join(dir, 'godwit.config.yaml') },
        ],
        queues: [
          {
            pattern: '*/approvals',
            command: [join(dir, 'keep.sh'), join(dir, 'queued.json')],
            file: join(dir, 'godwit.config.yaml'),
          },
        ],
      },
      clock: f.services.clock,
    });
    return new LocalWorkflowService({
      catalog: f.services.metadata.workflows,
      clock: f.services.clock,
      integrations,
      itemIo: new StoreMapItemIo(stores),
      log: () => {},
      tokenPollMs: 50,
    });
  }

  after(async () => {
    await service?.close();
    await events?.close();
    await f?.close();
  });

  const trainParameters = (image: string) => ({
    'TrainingJobName.$': "States.Format('e2e-{}', $$.Execution.Name)",
    RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: `file://${join(dir, image)}`, TrainingInputMode: 'File' },
    OutputDataConfig: { S3OutputPath: `file://${out}` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 5 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
  });

  async function machine(name: string, definition: object): Promise<string> {
    const created = await service.createStateMachine({ name, definition: JSON.stringify(definition), roleArn: ROLE });
    return created.stateMachineArn;
  }

  test('train (.sync), score with a mapped Lambda, hand over to a nested execution (.sync:2), announce on the bus', async () => {
    const child = await machine('AddOne', {
      QueryLanguage: 'JSONata',
      StartAt: 'Add',
      States: { Add: { Type: 'Pass', Output: { plusOne: '{% $states.input.value + 1 %}' }, End: true } },
    });
    const parent = await machine('TrainAndScore', {
      StartAt: 'Train',
      States: {
        Train: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
          Parameters: trainParameters('train'),
          ResultSelector: { 'model.$': '$.ModelArtifacts.S3ModelArtifacts', 'status.$': '$.TrainingJobStatus' },
          ResultPath: '$.train',
          Next: 'Score',
        },
        Score: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'double', 'Payload.$': '$' },
          ResultSelector: { 'value.$': '$.Payload.doubled' },
          ResultPath: '$.score',
          Next: 'Child',
        },
        Child: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: child, Input: { 'value.$': '$.score.value' } },
          ResultSelector: { 'out.$': '$.Output', 'status.$': '$.Status' },
          ResultPath: '$.child',
          Next: 'Announce',
        },
        Announce: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: { Entries: [{ Source: 'godwit.e2e', DetailType: 'Model Trained', 'Detail.$': '$.train' }] },
          ResultPath: null,
          End: true,
        },
      },
    });
    const run = await service.startSyncExecution({ stateMachineArn: parent, name: 'run1', input: '{"n":21}' });
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    assert.deepEqual(JSON.parse(run.output ?? ''), {
      n: 21,
      train: { model: `file://${out}/e2e-run1/output/model.tar.gz`, status: 'Completed' },
      score: { value: 42 },
      child: { out: { plusOne: 43 }, status: 'SUCCEEDED' },
    });
    assert.equal((await f.jobs.get('training', 'e2e-run1')).status, 'Completed');
    const [announced] = await listEventsSince(events);
    assert.equal(announced?.event['detail-type'], 'Model Trained');
    assert.equal(announced?.event.detail.status, 'Completed');

    const history = (await service.getExecutionHistory(run.executionArn, { maxResults: 1000 })).items;
    const scheduled = history.filter((e) => e.type === 'TaskScheduled').map((e) => [e.details?.resource, e.details?.delivery]);
    assert.deepEqual(scheduled, [
      ['createTrainingJob.sync', 'exactly-once'],
      ['invoke', 'at-least-once'],
      ['startExecution.sync:2', 'exactly-once'],
      ['putEvents', 'exactly-once'],
    ]);
  });

  test('a failed training job is States.TaskFailed, caught with its Describe response as the cause', async () => {
    const arn = await machine('TrainOrReport', {
      StartAt: 'Train',
      States: {
        Train: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
          Parameters: trainParameters('fail'),
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Report' }],
          End: true,
        },
        Report: {
          Type: 'Pass',
          Parameters: { 'reason.$': 'States.StringToJson($.error.Cause)' },
          OutputPath: '$.reason.FailureReason',
          End: true,
        },
      },
    });
    const run = await service.startSyncExecution({ stateMachineArn: arn, name: 'bad1', input: '{}' });
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    assert.match(JSON.parse(run.output ?? '""'), /no rows in channel train/);
  });

  test('a resource nothing serves is refused when the machine is created, naming the state', async () => {
    await assert.rejects(
      machine('Crawler', {
        StartAt: 'Crawl',
        States: { Crawl: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } },
      }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'E_WORKFLOW_RESOURCE_UNMAPPED');
        assert.match(err.message, /"Crawl"/);
        return true;
      },
    );
  });
  test('states:startExecution: .sync answers Output as text, a repeated call re-attaches, failures and stops reach the parent', async () => {
    const states = statesIntegration({ workflows: service, clock: f.services.clock });
    const child = await machine('Half', {
      StartAt: 'Half',
      States: { Half: { Type: 'Pass', Parameters: { 'half.$': 'States.MathAdd($.value, -1)' }, End: true } },
    });
    const call = taskCall('arn:aws:states:::states:startExecution.sync', { StateMachineArn: child, Input: { value: 3 } });
    const done = (await states.invoke(call)) as Record<string, unknown>;
    assert.equal(done.Status, 'SUCCEEDED');
    assert.equal(done.Output, '{"half":2}');
    assert.equal(done.Input, '{"value":3}');
    assert.equal(typeof done.StartDate, 'number');
    // The engine calls again after a restart: the child the first call started is found, not started twice.
    assert.deepEqual(await states.invoke({ ...call }), done);
    assert.equal((await service.listExecutions({ stateMachineArn: child })).items.length, 1);

    const started = (await states.invoke(
      taskCall('arn:aws:states:::states:startExecution', { StateMachineArn: child, Name: 'named', Input: '{"value":1}' }),
    )) as { ExecutionArn: string };
    assert.match(started.ExecutionArn, /:execution:Half:named$/);

    const failing = await machine('Refuse', {
      StartAt: 'No',
      States: { No: { Type: 'Fail', Error: 'Refused', Cause: 'not today' } },
    });
    await assert.rejects(
      states.invoke(taskCall('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: failing })),
      (err: StatesError) => {
        assert.equal(err.error, 'States.TaskFailed');
        const cause = JSON.parse(err.causeText);
        assert.deepEqual([cause.Status, cause.Error, cause.Cause], ['FAILED', 'Refused', 'not today']);
        return true;
      },
    );

    const slow = await machine('Slow', { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 300, End: true } } });
    const controller = new AbortController();
    const waiting = states.invoke(
      taskCall(
        'arn:aws:states:::states:startExecution.sync',
        { StateMachineArn: slow, Name: 'slow-1' },
        { signal: controller.signal },
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    controller.abort(new Error('parent stopped'));
    await assert.rejects(waiting, /parent stopped/);
    const [stopped] = (await service.listExecutions({ stateMachineArn: slow })).items;
    for (let i = 0; i < 50 && (await service.describeExecution(stopped?.executionArn ?? '')).status === 'RUNNING'; i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal((await service.describeExecution(stopped?.executionArn ?? '')).status, 'ABORTED');

    await assert.rejects(
      states.invoke(taskCall('arn:aws:states:::states:startExecution', { StateMachineArn: `${child}-missing` })),
      { error: 'StepFunctions.StateMachineDoesNotExistException' },
    );
  });
  test('an engine restarted while a .sync job runs re-attaches to that job: one job, the execution succeeds', async () => {
    const arn = await machine('TrainAcrossRestart', {
      StartAt: 'Train',
      States: {
        Train: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
          Parameters: trainParameters('slow-train'),
          ResultSelector: { 'status.$': '$.TrainingJobStatus' },
          End: true,
        },
      },
    });
    const started = await service.startExecution({ stateMachineArn: arn, name: 'restart1', input: '{}' });
    for (let i = 0; i < 100 && (await f.jobs.list('training')).every((j) => j.name !== 'e2e-restart1'); i++)
      await new Promise((r) => setTimeout(r, 50));
    await service.close();
    assert.equal((await f.jobs.get('training', 'e2e-restart1')).status, 'InProgress');
    service = engine(join(dir, 'double.mjs'));
    await service.start();
    let run = await service.describeExecution(started.executionArn);
    for (let i = 0; i < 200 && run.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = await service.describeExecution(started.executionArn);
    }
    assert.equal(run.status, 'SUCCEEDED', run.cause);
    assert.deepEqual(JSON.parse(run.output ?? ''), { status: 'Completed' });
    assert.equal((await f.jobs.list('training')).filter((j) => j.name === 'e2e-restart1').length, 1);
  });
  test('.waitForTaskToken on lambda:invoke and sqs:sendMessage: the token reaches the command, SendTaskSuccess resumes', async () => {
    const arn = await machine('AskThenQueue', {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token', question: 'ship it?' } },
          ResultPath: '$.answer',
          Next: 'Approve',
        },
        // The callback step as Godwit compiles it (test/golden/sagemaker-definitions/callback.asl.json).
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: {
            QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/approvals',
            MessageBody: { 'token.$': '$$.Task.Token', arguments: { 'note.$': '$.answer.reply' } },
          },
          ResultPath: '$.approval',
          End: true,
        },
      },
    });
    const started = await service.startExecution({ stateMachineArn: arn, name: 'ask1', input: '{}' });
    const token = async (file: string, read: (doc: Record<string, unknown>) => string) => {
      for (let i = 0; i < 200; i++) {
        try {
          return read(JSON.parse(readFileSync(join(dir, file), 'utf8')));
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error(`${file} never written`);
    };
    const asked = await token('asked.json', (doc) => String(doc.token));
    await service.sendTaskSuccess(asked, '{"reply":"yes"}');
    const queued = await token('queued.json', (doc) => JSON.parse(String(doc.MessageBody)).token);
    const body = JSON.parse(JSON.parse(readFileSync(join(dir, 'queued.json'), 'utf8')).MessageBody);
    assert.deepEqual(body.arguments, { note: 'yes' });
    await service.sendTaskSuccess(queued, '{"approved":true}');
    let run = await service.describeExecution(started.executionArn);
    for (let i = 0; i < 100 && run.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await service.describeExecution(started.executionArn);
    }
    assert.deepEqual(JSON.parse(run.output ?? ''), { answer: { reply: 'yes' }, approval: { approved: true } });
  });
});
