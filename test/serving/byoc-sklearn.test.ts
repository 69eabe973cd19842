import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { resolveParameters } from '../../src/pipeline/parameters.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { type ContainerInstance, startContainer } from '../../src/serving/runtimes/container-runtime.js';
import { bwrapSkip, PYTHON, sklearnMissing, withEnv } from '../contracts/helpers.js';
import { scratchDir } from '../helpers/scratch.js';
import { startOptions } from './container-fixture.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/abalone-sklearn/', import.meta.url));
const SERVE = join(EXAMPLE, 'serve', 'serve.py');
const missing = sklearnMissing();

function python(args: string[], cwd: string): string {
  const r = spawnSync(PYTHON, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/**
 * The example's own scripts in a scratch folder: preprocess.py splits the data, train_sklearn.py
 * fits the model (20 trees, to be quick), and scikit-learn itself predicts the first test rows.
 */
function trainInScratch() {
  const root = scratchDir('godwit-byoc-sklearn-');
  python([join(EXAMPLE, 'code', 'preprocess.py'), '--input-dir', join(EXAMPLE, '../abalone/data'), '--output-dir', root], root);
  const modelDir = join(root, 'model');
  python(
    [
      join(EXAMPLE, 'code', 'train_sklearn.py'),
      '--num_round',
      '20',
      '--train',
      'train',
      '--validation',
      'validation',
      '--model-dir',
      modelDir,
    ],
    root,
  );
  const script = [
    'import joblib, numpy as np',
    "test = np.loadtxt('test/test.csv', delimiter=',', ndmin=2)[:25]",
    "rows = [','.join(repr(v) for v in r[1:]) for r in test]",
    `predictions = joblib.load('${modelDir}/model.joblib').predict(test[:, 1:]).tolist()`,
    "print('\\n'.join(rows)); print('--'); print('\\n'.join(repr(p) for p in predictions))",
  ].join('\n');
  const [rows, predictions] = python(['-c', script], root).trim().split('\n--\n') as [string, string];
  return { root, modelDir, rows: `${rows}\n`, predictions: predictions.split('\n') };
}

describe('examples/abalone-sklearn served as a bring-your-own container', {
  skip: missing ? `skipped: ${missing}` : false,
}, () => {
  let trained: ReturnType<typeof trainInScratch>;
  before(() => {
    trained = trainInScratch();
  });

  const start = (image: string, extra: Parameters<typeof startOptions>[1] = {}) => {
    const options = { ...startOptions({ image, environment: { GODWIT_PYTHON: PYTHON } }, extra), modelDir: trained.modelDir };
    return startContainer(options);
  };

  for (const { mode, skip } of [
    { mode: 'none', skip: false },
    { mode: 'bwrap', skip: bwrapSkip },
  ] as const) {
    test(`serve/serve.py predicts what scikit-learn predicts, in CSV and JSON (GODWIT_SANDBOX=${mode})`, { skip }, async () => {
      const instance = await withEnv({ GODWIT_SANDBOX: mode }, () => start(SERVE));
      try {
        const csv = await instance.invoke({ body: Buffer.from(trained.rows), contentType: 'text/csv' });
        assert.equal(csv.contentType, 'text/csv');
        assert.deepEqual(csv.body.toString().trim().split('\n'), trained.predictions);
        const instances = trained.rows
          .trim()
          .split('\n')
          .slice(0, 3)
          .map((r) => r.split(',').map(Number));
        const json = await instance.invoke({
          body: Buffer.from(JSON.stringify({ instances })),
          contentType: 'application/json',
          accept: 'application/json',
        });
        assert.deepEqual(JSON.parse(json.body.toString()).predictions, trained.predictions.slice(0, 3).map(Number));
      } finally {
        await instance.close();
      }
    });
  }

  test('a malformed row is E_DATA_FORMAT naming the row; an unknown type E_CONTENT_TYPE; the server stays up', async () => {
    const instance = await start(SERVE);
    try {
      const [first] = trained.rows.split('\n');
      const short = await instance.invoke({ body: Buffer.from(`${first}\n1,2,3\n`), contentType: 'text/csv' }).catch((e) => e);
      assert.ok(short instanceof GodwitError);
      assert.equal(short.code, 'E_DATA_FORMAT');
      assert.match(short.message, /row 2 has 3 columns; the model takes 10 features/);
      const words = await instance.invoke({ body: Buffer.from('M,0.4,x\n'), contentType: 'text/csv' }).catch((e) => e);
      assert.equal(words.code, 'E_DATA_FORMAT');
      const type = await instance.invoke({ body: Buffer.from('x'), contentType: 'application/x-npy' }).catch((e) => e);
      assert.equal(type.code, 'E_CONTENT_TYPE');
      const ok = await instance.invoke({ body: Buffer.from(`${first}\n`), contentType: 'text/csv' });
      assert.equal(ok.body.toString().trim(), trained.predictions[0]);
    } finally {
      await instance.close();
    }
  });

  test('killed mid-request, the request fails with E_CONTAINER_DIED, none hangs, and a new instance serves', async () => {
    const exits: string[] = [];
    const instance = await start(SERVE, { onExit: (why) => exits.push(why) });
    // Large bodies keep the server busy parsing while it is killed.
    const big = Buffer.from(trained.rows.repeat(4000));
    const calls = Array.from({ length: 4 }, () => instance.invoke({ body: big, contentType: 'text/csv' }));
    await new Promise((r) => setTimeout(r, 30));
    process.kill(instance.pid, 'SIGKILL');
    const outcomes = await Promise.allSettled(calls);
    const codes = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as GodwitError).code : 'ok'));
    assert.ok(codes.includes('E_CONTAINER_DIED'), codes.join(', '));
    assert.ok(
      codes.every((c) => c === 'ok' || c === 'E_CONTAINER_DIED'),
      codes.join(', '),
    );
    assert.equal(exits.length, 1);
    await instance.close();
    const next = await start(SERVE);
    try {
      const again = await next.invoke({ body: Buffer.from(trained.rows), contentType: 'text/csv' });
      assert.deepEqual(again.body.toString().trim().split('\n'), trained.predictions);
    } finally {
      await next.close();
    }
  });

  test('an image folder runs its `serve` executable; an executable file runs as `<file> serve`', async () => {
    const folder = join(scratchDir('godwit-byoc-image-'), 'image');
    mkdirSync(folder);
    // An image holds its own program: the sandbox gives a container a private /tmp, so a script
    // elsewhere under /tmp (a checkout there) would not be visible to it.
    copyFileSync(SERVE, join(folder, 'serve.py'));
    const serve = join(folder, 'serve');
    writeFileSync(serve, `#!/bin/sh\nexec ${PYTHON} ${join(folder, 'serve.py')} "$@"\n`);
    chmodSync(serve, 0o755);
    for (const image of [folder, `file://${serve}`]) {
      const instance: ContainerInstance = await start(image);
      try {
        const answer = await instance.invoke({ body: Buffer.from(trained.rows), contentType: 'text/csv' });
        assert.deepEqual(answer.body.toString().trim().split('\n'), trained.predictions);
      } finally {
        await instance.close();
      }
    }
  });

  test('a cloud image or a missing path is E_CONTAINER_IMAGE naming it', async () => {
    for (const image of [
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      './no/such/serve',
    ]) {
      const err = await start(image).catch((e) => e);
      assert.ok(err instanceof GodwitError);
      assert.equal(err.code, 'E_CONTAINER_IMAGE');
      assert.ok(err.message.includes(image), err.message);
    }
  });

  test('pipeline-sklearn.ts trains, evaluates and registers the model.tar.gz that serve.py serves', async () => {
    const root = scratchDir('godwit-byoc-pipeline-');
    const services = await openLocalServices(godwitHome(join(root, 'home')));
    try {
      const loaded = await loadPipelineFile(join(EXAMPLE, 'pipeline-sklearn.ts'));
      const parameters = resolveParameters(loaded.ir, { num_round: '10' });
      const outcome = await withEnv({ GODWIT_SANDBOX: 'none', GODWIT_PYTHON: PYTHON }, () =>
        startRun(loaded.ir, parameters, { baseDir: loaded.baseDir, pipelineFile: loaded.file }, { services, concurrency: 2 }),
      );
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const versions = await services.metadata.registry.listVersions('AbaloneSklearnModels');
      assert.ok(versions.some((v) => v.runId === outcome.runId));
      const [model] = (await services.metadata.store.listArtifacts(outcome.runId, 'train')).filter((a) => a.name === 'model');
      const modelDir = join(root, 'model');
      mkdirSync(modelDir);
      const untar = spawnSync('tar', ['-xzf', join(new URL(model?.uri ?? '').pathname, 'model.tar.gz'), '-C', modelDir]);
      assert.equal(untar.status, 0);
      const expected = python(
        [
          '-c',
          `import joblib, numpy as np; print(repr(float(joblib.load('model.joblib').predict(np.array([[${trained.rows.split('\n')[0]}]]))[0])))`,
        ],
        modelDir,
      ).trim();
      const instance = await startContainer({
        ...startOptions({ image: SERVE, environment: { GODWIT_PYTHON: PYTHON } }),
        modelDir,
      });
      try {
        const answer = await instance.invoke({
          body: Buffer.from(trained.rows.split('\n')[0] as string),
          contentType: 'text/csv',
        });
        assert.equal(answer.body.toString().trim(), expected);
      } finally {
        await instance.close();
      }
    } finally {
      await services.close();
    }
  });

  test('the serving script is plain SageMaker: standard library and scikit-learn only, nothing of Godwit', async () => {
    const text = (await import('node:fs')).readFileSync(SERVE, 'utf8');
    const imports = [...text.matchAll(/^(?:import|from) (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(imports)].sort(), ['http', 'joblib', 'json', 'numpy', 'os', 'sys']);
    assert.doesNotMatch(text, /GODWIT_|godwit/);
  });
});
