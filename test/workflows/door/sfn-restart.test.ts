/**
 * The server's wiring of the engine: an execution waiting on a task token when the server stops
 * is RUNNING again under the next server of the same home (recovered at start), and the token
 * sent to the new server finishes it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { startServer } from '../../../src/server/start-server.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { MACHINES, ROLE, sfnServer, until } from './sfn-fixture.js';

const client = (url: string) =>
  new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: OPEN_S3_CREDENTIALS,
    disableHostPrefix: true,
    maxAttempts: 1,
  });

describe('Step Functions across a server restart', () => {
  test('an execution waiting for its token resumes under the next server and finishes there', async () => {
    const f = await sfnServer('godwit-sfn-restart-');
    const made = await f.sfn.send(
      new CreateStateMachineCommand({ name: 'approval', definition: JSON.stringify(MACHINES.approval), roleArn: ROLE }),
    );
    const { executionArn } = await f.sfn.send(
      new StartExecutionCommand({ stateMachineArn: made.stateMachineArn, input: '{"model": "churn"}' }),
    );
    const history = await until(
      () => f.sfn.send(new GetExecutionHistoryCommand({ executionArn })),
      (h) => h.events?.some((e) => e.type === 'TaskScheduled') === true,
    );
    const scheduled = history.events?.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    const token = JSON.parse(scheduled?.parameters as string).Entries[0].Detail.token as string;
    await f.close();

    const next = await startServer(f.home, { host: '127.0.0.1', port: 0, log: () => {} });
    try {
      const sfn = client(next.url);
      assert.equal((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, 'RUNNING');
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved": true}' }));
      const done = await until(
        () => sfn.send(new DescribeExecutionCommand({ executionArn })),
        (d) => d.status !== 'RUNNING',
      );
      assert.equal(done.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(done.output as string), { model: 'churn', answer: { approved: true } });
    } finally {
      await next.stop();
    }
  });
});
