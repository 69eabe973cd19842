import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessDecision, AccessLog, Caller, PolicyDocument } from '../../src/governance/governance-records.js';
import { evaluatePolicies, makeAuthorize } from '../../src/governance/principals/policy.js';

const allow = (Action: string | string[], Resource: string | string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource }],
});
const deny = (Action: string | string[], Resource: string | string[]): PolicyDocument => ({
  Statement: [{ Sid: 'NoProd', Effect: 'Deny', Action, Resource }],
});
const EP = 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/prod-churn';

describe('evaluatePolicies (IAM rules)', () => {
  test('no policy, or none matching, is an implicit deny', () => {
    assert.equal(evaluatePolicies([], 'sagemaker:CreateEndpoint', EP), 'implicit-deny');
    assert.equal(evaluatePolicies([allow('states:*', '*')], 'sagemaker:CreateEndpoint', EP), 'implicit-deny');
  });

  test('an Allow on the action and resource allows; an explicit Deny anywhere wins', () => {
    assert.equal(evaluatePolicies([allow('sagemaker:CreateEndpoint', EP)], 'sagemaker:CreateEndpoint', EP), 'allow');
    assert.equal(evaluatePolicies([allow('*', '*'), deny('sagemaker:*', EP)], 'sagemaker:CreateEndpoint', EP), 'deny');
    assert.equal(evaluatePolicies([deny('sagemaker:*', EP), allow('*', '*')], 'sagemaker:CreateEndpoint', EP), 'deny');
    assert.equal(evaluatePolicies([allow('*', '*'), deny('sagemaker:Delete*', EP)], 'sagemaker:CreateEndpoint', EP), 'allow');
  });

  test('action names ignore case; resources do not', () => {
    assert.equal(evaluatePolicies([allow('SageMaker:createendpoint', EP)], 'sagemaker:CreateEndpoint', EP), 'allow');
    assert.equal(evaluatePolicies([allow('sagemaker:create*', '*')], 'sagemaker:CreateEndpoint', EP), 'allow');
    assert.equal(
      evaluatePolicies([allow('sagemaker:CreateEndpoint', EP.replace('prod', 'PROD'))], 'sagemaker:CreateEndpoint', EP),
      'implicit-deny',
    );
  });

  test('lists of actions and resources match any member', () => {
    const p = allow(['states:StartExecution', 'sagemaker:InvokeEndpoint'], ['arn:aws:s3:::a/*', EP]);
    assert.equal(evaluatePolicies([p], 'sagemaker:InvokeEndpoint', EP), 'allow');
    assert.equal(evaluatePolicies([p], 'states:StartExecution', 'arn:aws:s3:::a/k'), 'allow');
    assert.equal(evaluatePolicies([p], 'states:StopExecution', EP), 'implicit-deny');
  });

  test('* and ? wildcards', () => {
    const on = (pattern: string, resource: string) => evaluatePolicies([allow('*', pattern)], 'x:Y', resource);
    assert.equal(on('arn:aws:sagemaker:*:*:endpoint/prod-*', EP), 'allow');
    assert.equal(on('arn:aws:sagemaker:*:*:endpoint/prod-*', EP.replace('prod-', 'dev-')), 'implicit-deny');
    assert.equal(on('arn:aws:sagemaker:us-east-?:*:endpoint/*', EP), 'allow');
    assert.equal(on('arn:aws:sagemaker:us-east-?:*:endpoint/*', EP.replace('us-east-1', 'us-east-12')), 'implicit-deny');
    assert.equal(on('arn:aws:sagemaker:us-east-1:000000000000:endpoint/prod-churn?', EP), 'implicit-deny', '? is exactly one');
    assert.equal(on('*', EP), 'allow');
    assert.equal(on('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.csv'), 'allow', '* spans / in a path');
    assert.equal(on('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket'), 'implicit-deny', 'the bucket is not an object in it');
    assert.equal(on('arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket-2/k'), 'allow');
    // Within a segment, a * does not reach across a colon; at a segment's end it does.
    assert.equal(
      on(
        'arn:aws:logs:us-east-1:*:log-group:a*b:log-stream:x',
        'arn:aws:logs:us-east-1:000000000000:log-group:a:xb:log-stream:x',
      ),
      'implicit-deny',
    );
    assert.equal(
      on('arn:aws:logs:us-east-1:*:log-group:a*', 'arn:aws:logs:us-east-1:000000000000:log-group:ab:log-stream:x'),
      'allow',
    );
    assert.equal(on('arn:aws:*:endpoint/x', 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/x'), 'allow');
    // Regex characters in a pattern are literal.
    assert.equal(on('arn:aws:s3:::b/a.c', 'arn:aws:s3:::b/abc'), 'implicit-deny');
    assert.equal(on('arn:aws:s3:::b/(x)+[y]', 'arn:aws:s3:::b/(x)+[y]'), 'allow');
  });

  test('actions: a service wildcard, a prefix, one character', () => {
    const act = (pattern: string, action: string) => evaluatePolicies([allow(pattern, '*')], action, EP);
    assert.equal(act('sagemaker:*', 'sagemaker:InvokeEndpoint'), 'allow');
    assert.equal(act('sagemaker:*', 'states:StartExecution'), 'implicit-deny');
    assert.equal(act('sagemaker:Describe*', 'sagemaker:DescribeEndpoint'), 'allow');
    assert.equal(act('sagemaker:Describe*', 'sagemaker:CreateEndpoint'), 'implicit-deny');
    assert.equal(act('s3:?etObject', 's3:GetObject'), 'allow');
    assert.equal(act('s3:?etObject', 's3:PutObject'), 'implicit-deny');
    assert.equal(act('*', 'godwit:ApproveModel'), 'allow');
  });
});

/** Waits (a turn of the event loop at a time, two seconds at most) until `done()`. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('makeAuthorize', () => {
  const principal = (policies: PolicyDocument[]): Caller => ({
    kind: 'principal',
    principal: { name: 'ana', kind: 'user', arn: 'arn:aws:iam::000000000000:user/ana', policies, createdAt: new Date(0) },
  });
  const memoryLog = () => {
    const batches: Omit<AccessDecision, 'at'>[][] = [];
    const log: AccessLog = { record: async (d) => void batches.push([...d]), list: async () => [] };
    return { log, batches };
  };

  test('the local caller is allowed and not logged', async () => {
    const { log, batches } = memoryLog();
    const authorize = makeAuthorize(log);
    await authorize({ kind: 'local', user: 'me' }, 'sagemaker:DeleteEndpoint', EP, 'sagemaker');
    await authorize.flush();
    assert.deepEqual(batches, []);
  });

  test("a principal's denial is AWS's sentence; allowed and denied are logged together in one batch", async () => {
    const { log, batches } = memoryLog();
    const authorize = makeAuthorize(log);
    const ana = principal([
      allow('sagemaker:Describe*', '*'),
      deny('sagemaker:DeleteEndpoint', 'arn:aws:sagemaker:*:*:endpoint/prod-*'),
    ]);
    const outcomes = await Promise.allSettled([
      authorize(ana, 'sagemaker:DescribeEndpoint', EP, 'sagemaker'),
      authorize(ana, 'sagemaker:CreateEndpoint', EP, 'sagemaker'),
      authorize(ana, 'sagemaker:DeleteEndpoint', EP, 'sagemaker'),
    ]);
    assert.equal(outcomes[0].status, 'fulfilled');
    const reason = (i: number) => (outcomes[i] as PromiseRejectedResult).reason as { code: string; message: string };
    assert.equal(reason(1).code, 'E_ACCESS_DENIED');
    assert.equal(
      reason(1).message,
      `User: arn:aws:iam::000000000000:user/ana is not authorized to perform: sagemaker:CreateEndpoint on resource: ${EP} because no identity-based policy allows the sagemaker:CreateEndpoint action`,
    );
    assert.match(
      reason(2).message,
      /perform: sagemaker:DeleteEndpoint on resource: .* with an explicit deny in an identity-based policy$/,
    );
    await authorize.flush();
    assert.equal(batches.length, 1, 'one write for the three decisions');
    assert.deepEqual(
      batches[0].map((d) => [d.action, d.decision, d.detail]),
      [
        ['sagemaker:DescribeEndpoint', 'allowed', 'allowed by policy 1 statement 1'],
        ['sagemaker:CreateEndpoint', 'denied', 'no policy allows it'],
        ['sagemaker:DeleteEndpoint', 'denied', 'explicit deny by NoProd'],
      ],
    );
  });

  test('a check answers only once its decision is written; decisions made meanwhile go in the next write', async () => {
    const writes: { batch: Omit<AccessDecision, 'at'>[]; done: () => void }[] = [];
    const log: AccessLog = {
      record: (d) => new Promise<void>((resolve) => writes.push({ batch: [...d], done: resolve })),
      list: async () => [],
    };
    const authorize = makeAuthorize(log);
    const ana = principal([allow('sagemaker:Describe*', '*')]);
    const settled: string[] = [];
    const first = Promise.allSettled([
      authorize(ana, 'sagemaker:DescribeEndpoint', EP, 'sagemaker').then(() => settled.push('allowed')),
      authorize(ana, 'sagemaker:DeleteEndpoint', EP, 'sagemaker').catch(() => settled.push('denied')),
    ]);
    await until(() => writes.length > 0);
    assert.equal(writes.length, 1, 'both decisions in one write');
    assert.equal(writes[0].batch.length, 2);
    const second = authorize(ana, 'sagemaker:DescribeModel', EP, 'sagemaker').then(() => settled.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(settled, [], 'no answer before the write is done, allowed or denied');
    assert.equal(writes.length, 1, 'the next write waits for the one under way');
    writes[0].done();
    await first;
    assert.deepEqual(settled.sort(), ['allowed', 'denied']);
    await until(() => writes.length > 1);
    assert.equal(writes.length, 2);
    assert.deepEqual(
      writes[1].batch.map((d) => d.action),
      ['sagemaker:DescribeModel'],
    );
    writes[1].done();
    await second;
    await authorize.flush();
  });

  test('a decision that cannot be written is not acted on: the check fails and the error is reported', async () => {
    const reported: unknown[] = [];
    const failing: AccessLog = {
      record: async () => {
        throw new Error('disk full');
      },
      list: async () => [],
    };
    const authorize = makeAuthorize(failing, { onError: (err) => reported.push(err) });
    const ana = principal([allow('*', '*')]);
    await assert.rejects(authorize(ana, 'sagemaker:DescribeEndpoint', EP, 'sagemaker'), (err: Error) => {
      assert.match(err.message, /could not be written to the access log/);
      assert.equal((err.cause as Error).message, 'disk full');
      assert.equal((err as { code?: string }).code, undefined, 'an internal error, not a caller error');
      return true;
    });
    assert.equal(reported.length, 1);
    await authorize.flush();
  });
});
