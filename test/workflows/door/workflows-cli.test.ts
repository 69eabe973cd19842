/**
 * `godwit workflows …` against the home's running server (started in this process; the CLI finds
 * it by the home's pid file, as it finds a detached one): run follows an execution to its end,
 * uploads the files an `.asl.uploads.json` lists, and list / describe / history / stop read it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { main } from '../../../src/cli/main.js';
import { cli } from '../../cli/capture.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { MACHINES, sfnServer, until } from './sfn-fixture.js';

describe('godwit workflows', () => {
  let f: Awaited<ReturnType<typeof sfnServer>>;
  let env: NodeJS.ProcessEnv;
  const file = (name: string, definition: unknown) => {
    const path = join(f.root, name);
    writeFileSync(path, JSON.stringify(definition));
    return path;
  };
  before(async () => {
    f = await sfnServer('godwit-sfn-cli-');
    env = { GODWIT_HOME: f.home.root };
  });
  after(() => f?.close());

  test('run creates the machine from the file, follows each state and prints the output', async () => {
    const path = file('hello.asl.json', MACHINES.hello);
    const r = await cli(['workflows', 'run', path, '--input', '{"who": "cli"}', '--execution', 'one'], env, f.root);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { who: 'cli', said: { greeting: 'hello' } });
    assert.match(r.stderr, /Started arn:aws:states:us-east-1:000000000000:execution:hello:one/);
    assert.match(r.stderr, /→ Greet \(Pass\)\n.*← Greet\n.*→ Done \(Succeed\)/);
    assert.match(r.stderr, /· ExecutionSucceeded/);
    // The file changed: the machine is updated, not refused.
    writeFileSync(path, JSON.stringify({ ...MACHINES.hello, Comment: 'edited' }));
    const input = join(f.root, 'input.json');
    writeFileSync(input, '{"who": "file"}');
    const again = await cli(['workflow', 'run', path, '--input', `@${input}`, '--json'], env, f.root);
    assert.equal(again.code, 0, again.stderr);
    const out = JSON.parse(again.stdout);
    assert.equal(out.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(out.output), { who: 'file', said: { greeting: 'hello' } });
    assert.equal(again.stderr, '', '--json prints no progress');
  });

  test('a failed execution exits 1 with its error and cause', async () => {
    const r = await cli(['workflows', 'run', file('failing.asl.json', MACHINES.failing)], env, f.root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /✗ ExecutionFailed Custom\.Boom: it was meant to/);
    assert.match(r.stderr, /Execution FAILED: Custom\.Boom: it was meant to/);
    const bad = await cli(['workflows', 'run', file('broken.asl.json', { StartAt: 'X', States: {} })], env, f.root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /InvalidDefinition/);
    const input = await cli(['workflows', 'run', join(f.root, 'hello.asl.json'), '--input', '{oops'], env, f.root);
    assert.equal(input.code, 2);
    assert.match(input.stderr, /--input is not JSON/);
  });

  test('the files an .asl.uploads.json lists are in the local S3 before the machine starts', async () => {
    writeFileSync(join(f.root, 'code.py'), 'print("hi")\n');
    writeFileSync(
      join(f.root, 'staged.asl.uploads.json'),
      JSON.stringify([{ local: 'code.py', uri: 's3://staging-bucket/code/code.py', for: 'step "x"' }]),
    );
    const r = await cli(['workflows', 'run', file('staged.asl.json', MACHINES.hello)], env, f.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Uploaded 1 file\(s\) to the local S3 \(s3:\/\/staging-bucket\/code\/code\.py\)/);
    const s3 = new S3Client({
      endpoint: f.server.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: 'staging-bucket', Key: 'code/code.py' }));
    assert.equal(await got.Body?.transformToString(), 'print("hi")\n');
  });

  test('list, describe and history; a missing file or execution is a sentence', async () => {
    const machines = await cli(['workflows', 'list'], env, f.root);
    assert.equal(machines.code, 0, machines.stderr);
    assert.match(machines.stdout, /hello\s+STANDARD/);
    const runs = await cli(['workflows', 'list', 'hello', '--status', 'SUCCEEDED', '--json'], env, f.root);
    assert.ok((JSON.parse(runs.stdout) as { name: string }[]).some((e) => e.name === 'one'));
    const machine = await cli(['workflow', 'describe', 'hello'], env, f.root);
    assert.match(machine.stdout, /State machine hello \(STANDARD, ACTIVE\)[\s\S]*states\s+Greet, Done/);
    const execution = await cli(['workflows', 'describe', 'hello:one'], env, f.root);
    assert.match(execution.stdout, /Execution one: SUCCEEDED/);
    const history = await cli(['workflows', 'history', 'hello:one'], env, f.root);
    assert.match(history.stdout, /^ {3}1 .*ExecutionStarted/m);
    const events = JSON.parse((await cli(['workflows', 'history', 'hello:one', '--json', '--reverse'], env, f.root)).stdout);
    assert.equal(events[0].type, 'ExecutionSucceeded');
    assert.ok('executionSucceededEventDetails' in events[0]);

    const missing = await cli(['workflows', 'run', join(f.root, 'missing.asl.json')], env, f.root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the state machine file/);
    const stop = await cli(['workflows', 'stop', 'hello:never'], env, f.root);
    assert.equal(stop.code, 2);
    assert.match(stop.stderr, /ExecutionDoesNotExist/);
  });

  test('stop ends a running execution ABORTED', async () => {
    const { CreateStateMachineCommand } = await import('@aws-sdk/client-sfn');
    const { stateMachineArn } = await f.sfn.send(
      new CreateStateMachineCommand({
        name: 'sleepy',
        definition: JSON.stringify(MACHINES.waiter),
        roleArn: 'arn:aws:iam::000000000000:role/x',
      }),
    );
    const { executionArn } = await f.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'nap' }));
    const r = await cli(['workflows', 'stop', 'sleepy:nap', '--cause', 'enough'], env, f.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Stopped arn:aws:states:us-east-1:000000000000:execution:sleepy:nap/);
    const done = await until(
      () => f.sfn.send(new DescribeExecutionCommand({ executionArn })),
      (d) => d.status !== 'RUNNING',
    );
    assert.equal(done.status, 'ABORTED');
  });

  test('Ctrl-C during run stops the execution, which ends ABORTED', async () => {
    const path = file('nap.asl.json', MACHINES.waiter);
    const interrupt = new AbortController();
    let stderr = '';
    const running = main(['workflows', 'run', path, '--execution', 'interrupted'], {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          stderr += text;
          if (text.includes('→ Nap (Wait)')) interrupt.abort();
          return true;
        },
      },
      cwd: f.root,
      env,
      signal: interrupt.signal,
    });
    assert.equal(await running, 1);
    assert.match(stderr, /ExecutionAborted/);
    assert.match(stderr, /Execution ABORTED/);
  });
});
