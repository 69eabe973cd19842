import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';

export const ROLE = 'arn:aws:iam::000000000000:role/godwit-test';

/** Small machines the door tests run (JSONPath; each documented in the ASL specification). */
export const MACHINES = {
  /** Pass with a Result under ResultPath: `{"who": "world"}` → `{"who": "world", "said": {"greeting": "hello"}}`. */
  hello: {
    StartAt: 'Greet',
    States: {
      Greet: { Type: 'Pass', Result: { greeting: 'hello' }, ResultPath: '$.said', Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  },
  /** Waits an hour: for StopExecution. */
  waiter: { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } } },
  /** Ends FAILED with its own error and cause. */
  failing: { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Custom.Boom', Cause: 'it was meant to' } } },
  /**
   * Publishes a request with `$$.Task.Token` on the event bus and waits for SendTaskSuccess /
   * SendTaskFailure (the callback pattern of connect-to-resource.md, "Wait for a Callback with the Task Token").
   */
  approval: {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::events:putEvents.waitForTaskToken',
        Parameters: {
          Entries: [{ Source: 'godwit.test', DetailType: 'approval wanted', Detail: { 'token.$': '$$.Task.Token' } }],
        },
        HeartbeatSeconds: 600,
        ResultPath: '$.answer',
        End: true,
      },
    },
  },
} as const;

/** A temporary home and a server on a free loopback port, and an unmodified SFN client pointed at it. */
export async function sfnServer(prefix: string) {
  const root = scratchDir(prefix);
  const home = godwitHome(join(root, 'home'));
  const server: RunningServer = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: OPEN_S3_CREDENTIALS,
    // StartSyncExecution's `sync-` host prefix would not resolve on loopback (docs/stepfunctions-api.md).
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  return { root, home, server, sfn, close: () => server.stop() };
}

/** Polls `read` until `done` holds of its answer (at most `ms`). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
