import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateEndpointConfigCommand, DescribeEndpointCommand, DescribeEndpointConfigCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand, type SageMakerRuntimeServiceException } from '@aws-sdk/client-sagemaker-runtime';
import { type AsyncFixture, asyncFixture, TOPIC } from './async-fixture.js';

const rejectsWith =
  (type: string, ...fragments: string[]) =>
  (err: unknown) => {
    const e = err as SageMakerRuntimeServiceException;
    assert.equal(e.name, type, String(err));
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" should mention "${f}"`);
    return true;
  };

describe('InvokeEndpointAsync through the official SDK clients, S3 through the server', () => {
  let f: AsyncFixture;
  before(async () => {
    f = await asyncFixture();
    await f.linearModel('line');
    await f.asyncEndpoint('scorer', 'line', {
      asyncConfig: {
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
        OutputConfig: {
          S3OutputPath: 's3://async-out/results/',
          S3FailurePath: 's3://async-failed/errors',
          KmsKeyId: 'alias/local',
          NotificationConfig: {
            SuccessTopic: TOPIC('done'),
            ErrorTopic: TOPIC('failed'),
            IncludeInferenceResponseIn: ['ERROR_NOTIFICATION_TOPIC'],
          },
        },
      },
    });
  });
  after(() => f?.close());

  test('DescribeEndpointConfig and DescribeEndpoint return the AsyncInferenceConfig as given', async () => {
    const config = await f.sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'scorer' }));
    const expected = {
      ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
      OutputConfig: {
        KmsKeyId: 'alias/local',
        S3OutputPath: 's3://async-out/results/',
        NotificationConfig: {
          SuccessTopic: TOPIC('done'),
          ErrorTopic: TOPIC('failed'),
          IncludeInferenceResponseIn: ['ERROR_NOTIFICATION_TOPIC'],
        },
        S3FailurePath: 's3://async-failed/errors',
      },
    };
    assert.deepEqual(config.AsyncInferenceConfig, expected);
    const endpoint = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'scorer' }));
    assert.deepEqual(endpoint.AsyncInferenceConfig, expected);
  });

  test('an input uploaded to S3 is scored, the result appears at OutputLocation, and a success event is published', async () => {
    await f.upload('s3://async-in/batch/rows.csv', '1\n2\n3\n');
    const out = await f.runtime.send(
      new InvokeEndpointAsyncCommand({
        EndpointName: 'scorer',
        InputLocation: 's3://async-in/batch/rows.csv',
        ContentType: 'text/csv',
        InferenceId: 'rows-1',
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(out.InferenceId, 'rows-1');
    assert.equal(out.OutputLocation, 's3://async-out/results/rows-1.out');
    assert.equal(out.FailureLocation, 's3://async-failed/errors/rows-1-error.out');
    const body = await f.output(out.OutputLocation as string);
    assert.deepEqual(body.trim().split('\n').map(Number), [3, 5, 7]);
    const [event] = await waitForEvents(f, 'rows-1');
    assert.equal(event['detail-type'], 'SageMaker Async Inference Result');
    assert.equal(event.source, 'godwit.endpoints');
    assert.deepEqual(event.resources, ['arn:aws:sagemaker:us-east-1:000000000000:endpoint/scorer']);
    const d = event.detail as Record<string, unknown>;
    assert.equal(d.invocationStatus, 'Completed');
    assert.equal(d.eventName, 'InferenceResult');
    assert.equal(d.eventSource, 'aws:sagemaker');
    assert.equal(d.notificationTopic, TOPIC('done'));
    assert.deepEqual(d.requestParameters, {
      contentType: 'text/csv',
      endpointName: 'scorer',
      inputLocation: 's3://async-in/batch/rows.csv',
    });
    assert.equal((d.responseParameters as Record<string, string>).outputLocation, out.OutputLocation);
    assert.equal(d.responseBody, undefined, 'IncludeInferenceResponseIn names only the error topic');
    assert.equal(await f.read(out.FailureLocation as string), undefined);
  });

  test('without an InferenceId one is made; an inline Body (newer SDKs) is served like an input object', async () => {
    const out = await f.runtime.send(
      new InvokeEndpointAsyncCommand({ EndpointName: 'scorer', Body: Buffer.from('10\n'), ContentType: 'text/csv' }),
    );
    assert.match(out.InferenceId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(out.OutputLocation, `s3://async-out/results/${out.InferenceId}.out`);
    assert.equal((await f.output(out.OutputLocation as string)).trim(), '21');
  });

  test('a model error writes the reason to the failure path and publishes an error event carrying the response', async () => {
    await f.upload('s3://async-in/bad.csv', '1,2,3\n');
    const out = await f.runtime.send(
      new InvokeEndpointAsyncCommand({
        EndpointName: 'scorer',
        InputLocation: 's3://async-in/bad.csv',
        ContentType: 'text/csv',
        InferenceId: 'bad-1',
      }),
    );
    const failure = await f.output(out.FailureLocation as string);
    assert.match(failure, /^ClientError: Received client error \(400\) from model with message ".*3.*"/);
    assert.equal(await f.read(out.OutputLocation as string), undefined);
    const [event] = await waitForEvents(f, 'bad-1');
    const d = event.detail as Record<string, unknown>;
    assert.equal(d.invocationStatus, 'Failed');
    assert.equal(d.failureReason, failure.trim());
    assert.equal(d.notificationTopic, TOPIC('failed'));
    assert.equal((d.responseParameters as Record<string, string>).failureLocation, 's3://async-failed/errors/bad-1-error.out');
    const included = d.responseBody as { content: string; encoding: string };
    assert.equal(Buffer.from(included.content, 'base64').toString(), failure);
  });

  test('an input location with no object behind it is accepted, then fails with the download error', async () => {
    const out = await f.runtime.send(
      new InvokeEndpointAsyncCommand({
        EndpointName: 'scorer',
        InputLocation: 's3://async-in/nothing-here.csv',
        InferenceId: 'gone-1',
      }),
    );
    const failure = await f.output(out.FailureLocation as string);
    assert.match(failure, /^ClientError: Failed to download the request from s3:\/\/async-in\/nothing-here\.csv: /);
  });

  test('bad requests are refused in SageMaker Runtime words: missing input, bad URI, limits, unknown or real-time endpoint', async () => {
    const send = (input: Partial<ConstructorParameters<typeof InvokeEndpointAsyncCommand>[0]>) =>
      f.runtime.send(new InvokeEndpointAsyncCommand({ EndpointName: 'scorer', ...input }));
    await assert.rejects(send({}), rejectsWith('ValidationError', "Value null at 'inputLocation'", 'Member must not be null'));
    await assert.rejects(
      send({ InputLocation: 'ftp://host/x.csv' }),
      rejectsWith('ValidationError', "Value 'ftp://host/x.csv' at 'inputLocation'", 'regular expression pattern'),
    );
    await assert.rejects(
      send({ InputLocation: 's3://async-in/x', RequestTTLSeconds: 30, InvocationTimeoutSeconds: 4000 }),
      rejectsWith(
        'ValidationError',
        '2 validation errors',
        "'requestTTLSeconds'",
        'greater than or equal to 60',
        "'invocationTimeoutSeconds'",
      ),
    );
    await assert.rejects(
      send({ EndpointName: 'nobody', InputLocation: 's3://async-in/x' }),
      rejectsWith('ValidationError', 'Endpoint nobody of account 000000000000 not found.'),
    );
    await f.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'realtime',
        ProductionVariants: [{ VariantName: 'A', ModelName: 'line', InitialInstanceCount: 1 }],
      }),
    );
    await f.sm.send(
      new (await import('@aws-sdk/client-sagemaker')).CreateEndpointCommand({
        EndpointName: 'realtime',
        EndpointConfigName: 'realtime',
      }),
    );
    await assert.rejects(
      send({ EndpointName: 'realtime', InputLocation: 's3://async-in/x' }),
      rejectsWith('ValidationError', 'Endpoint realtime', 'is not an asynchronous endpoint', 'AsyncInferenceConfig'),
    );
  });

  test('CreateEndpointConfig checks AsyncInferenceConfig as SageMaker does, every problem at once', async () => {
    await assert.rejects(
      f.sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'bad-async',
          ProductionVariants: [{ VariantName: 'A', ModelName: 'line', InitialInstanceCount: 1 }],
          AsyncInferenceConfig: {
            ClientConfig: { MaxConcurrentInvocationsPerInstance: 0 },
            OutputConfig: {
              S3OutputPath: 'http://bucket/out',
              NotificationConfig: { SuccessTopic: 'topic', IncludeInferenceResponseIn: ['BOTH' as 'SUCCESS_NOTIFICATION_TOPIC'] },
            },
          },
        }),
      ),
      (err: Error) => {
        assert.equal(err.name, 'ValidationException');
        for (const f of [
          '4 validation errors detected',
          "Value '0' at 'asyncInferenceConfig.clientConfig.maxConcurrentInvocationsPerInstance'",
          "Value 'http://bucket/out' at 'asyncInferenceConfig.outputConfig.s3OutputPath'",
          "Value 'topic' at 'asyncInferenceConfig.outputConfig.notificationConfig.successTopic'",
          "Value 'BOTH' at 'asyncInferenceConfig.outputConfig.notificationConfig.includeInferenceResponseIn.1.member'",
        ]) {
          assert.ok(err.message.includes(f), `${err.message} should mention ${f}`);
        }
        return true;
      },
    );
  });
});

async function waitForEvents(f: AsyncFixture, inferenceId: string) {
  const { eventually } = await import('./async-fixture.js');
  return eventually(async () => {
    const events = await f.events(inferenceId);
    return events.length > 0 ? events : undefined;
  }, `events of ${inferenceId}`);
}
