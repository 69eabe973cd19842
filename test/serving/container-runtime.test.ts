import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { type ContainerInstance, startContainer } from '../../src/serving/runtimes/container-runtime.js';
import { RUNTIMES } from '../../src/serving/runtimes/index.js';
import { bwrapSkip, PYTHON, withEnv } from '../contracts/helpers.js';
import { alive, eventually, FIXTURE, startOptions } from './container-fixture.js';

const MODES = [
  { mode: 'none', skip: false },
  { mode: 'bwrap', skip: bwrapSkip },
] as const;

const csv = (text: string) => ({ body: Buffer.from(text), contentType: 'text/csv' });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof GodwitError, `expected a GodwitError, got ${String(err)}`);
  return err.code;
}

for (const { mode, skip } of MODES) {
  describe(`the container runtime, SageMaker's contract (GODWIT_SANDBOX=${mode})`, { skip }, () => {
    const inMode = <T>(fn: () => Promise<T>) => withEnv({ GODWIT_SANDBOX: mode }, fn);

    test('starts `<command> serve` with the contract, forwards the request and the custom attributes both ways', async () => {
      const options = startOptions({ command: [PYTHON, FIXTURE], environment: { USER_SETTING: 'from CreateModel' } });
      const instance = await inMode(() => startContainer(options));
      try {
        assert.equal(instance.runtime, 'container');
        const env = JSON.parse((await instance.invoke(csv('env'))).body.toString());
        assert.deepEqual(env.argv.slice(1), ['serve']);
        assert.equal(env.env.SAGEMAKER_BIND_TO_PORT, String(instance.port));
        assert.match(env.env.SAGEMAKER_SAFE_PORT_RANGE, /^\d+-\d+$/);
        assert.equal(env.env.USER_SETTING, 'from CreateModel');
        assert.deepEqual(env.model, ['model.txt']);
        const modelPath = mode === 'bwrap' ? '/opt/ml/model' : options.modelDir;
        assert.equal(env.env.SM_MODEL_DIR, modelPath);
        assert.equal(env.cwd, modelPath);
        const answer = await instance.invoke({
          body: Buffer.from('1,2,3\n'),
          contentType: 'text/csv; charset=utf-8',
          accept: 'application/json',
          customAttributes: 'trace=7',
        });
        assert.equal(answer.body.toString(), '1,2,3\n');
        assert.equal(answer.contentType, 'text/csv; charset=utf-8');
        assert.equal(answer.customAttributes, 'seen=trace=7');
        assert.equal((await instance.invoke(csv('x'))).customAttributes, undefined);
      } finally {
        await instance.close();
      }
    });

    test("a container's 4xx and 5xx become E_DATA_FORMAT and E_MODEL_ERROR with its message; it stays up", async () => {
      const instance = await inMode(() => startContainer(startOptions({ command: [PYTHON, FIXTURE] })));
      try {
        const bad = await instance.invoke(csv('bad')).catch((e: GodwitError) => e);
        assert.ok(bad instanceof GodwitError);
        assert.equal(bad.code, 'E_DATA_FORMAT');
        assert.match(bad.message, /answered 400: row 1 has 3 columns; the model takes 10/);
        const failed = await instance.invoke(csv('fail')).catch((e: GodwitError) => e);
        assert.ok(failed instanceof GodwitError);
        assert.equal(failed.code, 'E_MODEL_ERROR');
        assert.match(failed.message, /answered 500: the model exploded/);
        assert.equal((await instance.invoke(csv('still here'))).body.toString(), 'still here');
      } finally {
        await instance.close();
      }
    });

    test('SIGKILL mid-request fails that request at once with E_CONTAINER_DIED, calls onExit, and later calls fail too', async () => {
      const exits: string[] = [];
      const options = startOptions({ command: [PYTHON, FIXTURE] }, { onExit: (reason) => exits.push(reason) });
      const instance = await inMode(() => startContainer(options));
      try {
        const pid = Number((await instance.invoke(csv('pid'))).body.toString());
        const inFlight = instance.invoke(csv('sleep'));
        await new Promise((r) => setTimeout(r, 100));
        const killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
        const err = await inFlight.catch((e: GodwitError) => e);
        assert.ok(err instanceof GodwitError);
        assert.equal(err.code, 'E_CONTAINER_DIED');
        assert.ok(Date.now() - killedAt < 3000, 'the request failed promptly, not at a timeout');
        assert.ok(await eventually(() => exits.length === 1));
        assert.match(exits[0] as string, mode === 'bwrap' ? /exited|killed/ : /killed by SIGKILL/);
        assert.equal(await codeOf(instance.invoke(csv('again'))), 'E_CONTAINER_DIED');
      } finally {
        await instance.close();
      }
      // A replacement serves again: what the host does after onExit.
      const next = await inMode(() => startContainer(options));
      try {
        assert.equal((await next.invoke(csv('back'))).body.toString(), 'back');
      } finally {
        await next.close();
      }
      assert.equal(exits.length, 1, 'close() does not report an exit');
    });

    test('close() lets in-flight requests finish, then stops the process and leaves no orphan', async () => {
      const options = startOptions({ command: [PYTHON, FIXTURE], environment: { FIXTURE_SLEEP: '0.4' } });
      const instance = await inMode(() => startContainer(options));
      const pid = Number((await instance.invoke(csv('pid'))).body.toString());
      const slow = instance.invoke(csv('sleep'));
      await new Promise((r) => setTimeout(r, 50));
      await instance.close();
      assert.equal((await slow).body.toString(), 'slept');
      assert.ok(await eventually(() => !alive(pid)), `process ${pid} is gone`);
      assert.ok(!alive(instance.pid));
      assert.equal(await codeOf(instance.invoke(csv('late'))), 'E_CONTAINER_DIED');
    });
  });
}

describe('the container runtime, starting and stopping', () => {
  test('a container that exits before answering /ping is E_CONTAINER_START with the tail of its log', async () => {
    const options = startOptions({ command: [PYTHON, FIXTURE], environment: { FIXTURE_MODE: 'exit' } });
    const err = await startContainer(options).catch((e: GodwitError) => e);
    assert.ok(err instanceof GodwitError);
    assert.equal(err.code, 'E_CONTAINER_START');
    assert.match(err.message, /exited \(code 3\) before answering GET \/ping/);
    assert.match(err.message, /fixture giving up: no model here/);
  });

  test('a container that never answers is stopped when the start signal fires', async () => {
    const options = startOptions(
      { command: [PYTHON, FIXTURE], environment: { FIXTURE_MODE: 'silent' } },
      { signal: AbortSignal.timeout(3000) },
    );
    const started = Date.now();
    const err = await startContainer(options).catch((e: GodwitError) => e);
    assert.ok(err instanceof GodwitError);
    assert.equal(err.code, 'E_CONTAINER_START');
    assert.match(err.message, /did not answer GET \/ping on port \d+ with 200 in time/);
    assert.match(err.message, /fixture starting, mode=silent/);
    assert.ok(Date.now() - started < 8000);
  });

  test('a container that ignores SIGTERM is killed after the grace period', async () => {
    const options = startOptions({ command: [PYTHON, FIXTURE], environment: { FIXTURE_MODE: 'ignore-term' } });
    const instance = await startContainer(options, { stopGraceMs: 300 });
    const pid = Number((await instance.invoke(csv('pid'))).body.toString());
    await instance.close();
    assert.ok(await eventually(() => !alive(pid)));
  });

  test('the runtime table names it `container`', async () => {
    const runtime = await RUNTIMES.container?.();
    assert.equal(runtime?.name, 'container');
  });
});

describe('the container runtime, Vertex AI custom containers', () => {
  test('AIP_ variables, default routes, and {"instances"} → {"predictions"} from JSON or CSV', async () => {
    const options = startOptions({
      contract: 'vertex',
      command: ['python3'],
      args: ['$(SCRIPT)', '$$(NOT_EXPANDED)'],
      environment: { SCRIPT: FIXTURE, GODWIT_PYTHON: PYTHON, AIP_ENDPOINT_ID: '42', AIP_DEPLOYED_MODEL_ID: '7' },
    });
    const instance: ContainerInstance = await startContainer(options);
    try {
      const env = await instance.invoke({ body: Buffer.from('{"instances": ["env"]}'), contentType: 'application/json' });
      const [info] = JSON.parse(env.body.toString()).predictions;
      assert.deepEqual(info.argv.slice(1), ['$(NOT_EXPANDED)']);
      assert.equal(info.argv[0], FIXTURE);
      assert.equal(info.env.AIP_HTTP_PORT, String(instance.port));
      assert.equal(info.env.AIP_HEALTH_ROUTE, '/v1/endpoints/42/deployedModels/7');
      assert.equal(info.env.AIP_PREDICT_ROUTE, '/v1/endpoints/42/deployedModels/7:predict');
      assert.equal(info.env.AIP_MODE, 'PREDICTION');
      assert.equal(info.env.AIP_DEPLOYED_MODEL_ID, '7');
      assert.ok(['/opt/ml/model', options.modelDir].includes(info.env.AIP_STORAGE_URI));
      assert.deepEqual(info.model, ['model.txt']);
      const json = await instance.invoke({
        body: Buffer.from('{"instances": [[1, 2], [3, 4.5]]}'),
        contentType: 'application/json',
      });
      assert.deepEqual(JSON.parse(json.body.toString()), { predictions: [3, 7.5] });
      assert.equal(json.contentType, 'application/json');
      const rows = await instance.invoke({ body: Buffer.from('1,2\n3,4\n'), contentType: 'text/csv', accept: 'text/csv' });
      assert.equal(rows.body.toString(), '3\n7\n');
      const lines = await instance.invoke({ body: Buffer.from('[1]\n[2,2]\n'), contentType: 'application/jsonlines' });
      assert.deepEqual(JSON.parse(lines.body.toString()), { predictions: [1, 4] });
    } finally {
      await instance.close();
    }
  });

  test('custom routes; the container sees them and its model folder in AIP_STORAGE_URI', async () => {
    const options = startOptions({
      contract: 'vertex',
      command: [PYTHON, FIXTURE],
      healthRoute: '/health',
      predictRoute: '/predict',
    });
    const instance = await startContainer(options);
    try {
      const answer = await instance.invoke({ body: Buffer.from('{"instances": [[2, 2]]}'), contentType: 'application/json' });
      assert.deepEqual(JSON.parse(answer.body.toString()), { predictions: [4] });
    } finally {
      await instance.close();
    }
  });
});
