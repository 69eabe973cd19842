import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StatesError } from '../../../src/workflows/asl/states-error.js';
import { LambdaIntegration } from '../../../src/workflows/integrations/lambda/lambda-integration.js';
import { LocalFunctions } from '../../../src/workflows/integrations/lambda/local-functions.js';
import { scratchDir } from '../../helpers/scratch.js';
import { taskCall } from './integrations-fixture.js';

const dir = scratchDir('godwit-lambdas-');
const file = join(dir, 'godwit.config.yaml');
const script = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  chmodSync(join(dir, name), 0o755);
  return join(dir, name);
};

// Real processes and a real TypeScript module, as workflows.lambdas maps them.
const double = script(
  'double.mjs',
  '#!/usr/bin/env node\nlet s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);console.log(JSON.stringify({doubled:e.n*2}))});\n',
);
const typed = script(
  'typed.sh',
  '#!/bin/sh\ncat >/dev/null\necho "log line on stderr" >&2\necho \'{"errorType":"ValueError","errorMessage":"n must be positive"}\'\nexit 1\n',
);
const crash = script('crash.sh', '#!/bin/sh\necho "segfault-ish" >&2\nexit 3\n');
const slow = script('slow.sh', '#!/bin/sh\nsleep 30\n');
writeFileSync(
  join(dir, 'handlers.ts'),
  `interface Event { readonly name: string }
export async function greet(event: Event, context: { functionName: string }): Promise<{ greeting: string; fn: string }> {
  return { greeting: \`hello \${event.name}\`, fn: context.functionName };
}
export function refuse(): never {
  const e = new Error('no such user');
  e.name = 'UserNotFound';
  throw e;
}
`,
);

const functions = new LocalFunctions([
  { pattern: 'double', command: [double], file },
  { pattern: 'typed-*', command: [typed], file },
  { pattern: 'crash', command: [crash], file },
  { pattern: 'slow', command: [slow], file },
  { pattern: 'greet', module: { file: join(dir, 'handlers.ts'), exportName: 'greet' }, file },
  { pattern: 'refuse', module: { file: join(dir, 'handlers.ts'), exportName: 'refuse' }, file },
]);
const lambda = new LambdaIntegration(functions);
const INVOKE = 'arn:aws:states:::lambda:invoke';

describe('Lambda tasks mapped to local commands and TypeScript functions', () => {
  test('lambda:invoke runs the command with the payload on stdin and answers Invoke as Step Functions shows it', async () => {
    const out = (await lambda.invoke(taskCall(INVOKE, { FunctionName: 'double', Payload: { n: 21 } }))) as Record<
      string,
      unknown
    >;
    assert.deepEqual(out.Payload, { doubled: 42 });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal((out.SdkHttpMetadata as { HttpStatusCode: number }).HttpStatusCode, 200);
    assert.equal(lambda.delivery(), 'at-least-once');
  });

  test('a function ARN, with a version, names the same function; a bare ARN answers the payload itself', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:double:prod';
    const out = (await lambda.invoke(taskCall(INVOKE, { FunctionName: arn, Payload: { n: 1 } }))) as { Payload: unknown };
    assert.deepEqual(out.Payload, { doubled: 2 });
    assert.ok(lambda.supports('arn:aws:lambda:us-east-1:123456789012:function:double'));
    assert.ok(!lambda.supports('arn:aws:lambda:us-east-1:123456789012:function:unmapped'));
    assert.deepEqual(await lambda.invoke(taskCall('arn:aws:lambda:us-east-1:123456789012:function:double', { n: 5 })), {
      doubled: 10,
    });
  });

  test('a failing command fails with the errorType it printed, the document as the cause', async () => {
    await assert.rejects(lambda.invoke(taskCall(INVOKE, { FunctionName: 'typed-check', Payload: {} })), (err: StatesError) => {
      assert.equal(err.error, 'ValueError');
      assert.deepEqual(JSON.parse(err.causeText), { errorType: 'ValueError', errorMessage: 'n must be positive' });
      return true;
    });
    await assert.rejects(lambda.invoke(taskCall(INVOKE, { FunctionName: 'crash', Payload: {} })), (err: StatesError) => {
      assert.equal(err.error, 'Lambda.Unknown');
      assert.match(err.causeText, /exited with status 3: segfault-ish/);
      return true;
    });
  });

  test('a TypeScript module export is called as a handler; what it throws is the error name', async () => {
    const out = (await lambda.invoke(taskCall(INVOKE, { FunctionName: 'greet', Payload: { name: 'ada' } }))) as {
      Payload: unknown;
    };
    assert.deepEqual(out.Payload, { greeting: 'hello ada', fn: 'greet' });
    await assert.rejects(lambda.invoke(taskCall(INVOKE, { FunctionName: 'refuse', Payload: {} })), (err: StatesError) => {
      assert.equal(err.error, 'UserNotFound');
      assert.equal(JSON.parse(err.causeText).errorMessage, 'no such user');
      return true;
    });
  });

  test('an unmapped function is Lambda.ResourceNotFoundException naming workflows.lambdas', async () => {
    await assert.rejects(lambda.invoke(taskCall(INVOKE, { FunctionName: 'nope', Payload: {} })), (err: StatesError) => {
      assert.equal(err.error, 'Lambda.ResourceNotFoundException');
      assert.match(err.causeText, /nope.*workflows: \{ lambdas/s);
      return true;
    });
  });

  test("the task's signal ends the command", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = lambda.invoke(taskCall(INVOKE, { FunctionName: 'slow', Payload: {} }, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('state timed out')), 100);
    await assert.rejects(running, /state timed out/);
    assert.ok(Date.now() - started < 10_000);
  });
});
