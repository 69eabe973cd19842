import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pipeline, processing } from '../../src/pipeline/dsl/index.js';
import { pathRewriter } from '../../src/runtime/contracts/path-rewrite.js';
import { type ContractHarness, contractHarness, hasPython, MODES } from './helpers.js';

describe('container paths in arguments', () => {
  const rewrite = pathRewriter(['/opt/ml', '/data/in'], (p) => `/ws${p.startsWith('/opt/ml') ? p.slice(7) : `/_root${p}`}`);

  test('are rewritten where a path starts: alone, after = or a separator', () => {
    assert.equal(rewrite('/opt/ml/processing/train'), '/ws/processing/train');
    assert.equal(rewrite('--model-dir=/opt/ml/model'), '--model-dir=/ws/model');
    assert.equal(rewrite('a:/data/in/x.csv,/opt/ml'), 'a:/ws/_root/data/in/x.csv,/ws');
    assert.equal(rewrite('/data/in'), '/ws/_root/data/in');
  });

  test('are left alone when they only share a prefix or sit inside a word', () => {
    assert.equal(rewrite('/opt/mlx/y'), '/opt/mlx/y');
    assert.equal(rewrite('/data/input'), '/data/input');
    assert.equal(rewrite('s3://bucket/opt/ml/x'), 's3://bucket/opt/ml/x');
  });
});

const script = `import json, os, sys
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
root = os.environ['GODWIT_WORKSPACE']
config = json.load(open(os.path.join(root, 'config', 'processingjobconfig.json')))
resource = json.load(open(os.path.join(root, 'config', 'resourceconfig.json')))
rows = open(os.path.join(args['--input'], 'raw.csv')).read().splitlines()
lookup = open(os.path.join(args['--lookup'], 'lookup.txt')).read().strip()
out = args['--output']
with open(os.path.join(out, 'result.json'), 'w') as f:
    json.dump({'rows': len(rows), 'lookup': lookup, 'argv': sys.argv[1:], 'config': config, 'resource': resource,
               'greeting': os.environ['GREETING'], 'cwd': os.getcwd(),
               'sm_vars': sorted(k for k in os.environ if k.startswith('SM_'))}, f)
`;

describe('SageMaker processing contract', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: ContractHarness;
  before(async () => {
    h = await contractHarness();
    await h.file('prep.py', script);
    await h.file('data/raw.csv', 'a,b\n1,2\n3,4\n');
    await h.file('lookup/lookup.txt', 'table\n');
  });
  after(async () => h.close());

  const prep = processing('prep', {
    command: ['python3'],
    code: 'prep.py',
    contract: 'sagemaker',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/sklearn:1.2',
    args: [
      '--input',
      '/opt/ml/processing/input/raw',
      '--lookup',
      '/data/lookup',
      '--output',
      { kind: 'OutputPath', name: 'result' },
    ],
    env: { GREETING: 'hello' },
    inputs: {
      raw: { source: 'data/raw.csv', destination: '/opt/ml/processing/input/raw' },
      lookup: { source: 'lookup', destination: '/data/lookup' },
    },
    outputs: { result: { type: 'dataset', source: '/opt/ml/processing/result' } },
    resources: { instanceType: 'ml.m5.large', instanceCount: 1 },
  });

  for (const { mode, skip } of MODES) {
    test(`stages inputs at their destinations, passes arguments through and describes the job (${mode})`, { skip }, async () => {
      const outcome = await h.run(pipeline('sm-proc', { steps: [prep] }), {}, mode);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const dir = await h.artifactDir(outcome.runId, 'prep', 'result');
      const result = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'));
      assert.equal(result.rows, 3);
      assert.equal(result.lookup, 'table');
      assert.equal(result.greeting, 'hello');
      assert.deepEqual(result.sm_vars, [], 'processing jobs get no SM_* variables');
      assert.deepEqual(result.resource, { current_host: 'algo-1', hosts: ['algo-1'] });
      const c = result.config;
      assert.match(c.ProcessingJobName, /^sm-proc-prep-/);
      assert.equal(c.AppSpecification.ImageUri, '123456789012.dkr.ecr.us-east-1.amazonaws.com/sklearn:1.2');
      assert.equal(c.Environment.GREETING, 'hello');
      assert.equal(c.ProcessingResources.ClusterConfig.InstanceType, 'ml.m5.large');
      assert.deepEqual(
        c.ProcessingInputs.map((i: { InputName: string; S3Input: { LocalPath: string } }) => [i.InputName, i.S3Input.LocalPath]),
        [
          ['raw', '/opt/ml/processing/input/raw'],
          ['lookup', '/data/lookup'],
        ],
      );
      assert.match(c.ProcessingInputs[0].S3Input.S3Uri, /^file:\/\/.*data\/raw\.csv$/);
      assert.match(c.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri, new RegExp(`runs/${outcome.runId}/prep/result/$`));
      if (mode === 'bwrap') {
        assert.deepEqual(result.argv, [
          '--input',
          '/opt/ml/processing/input/raw',
          '--lookup',
          '/data/lookup',
          '--output',
          '/opt/ml/processing/result',
        ]);
        assert.equal(result.cwd, '/opt/ml');
      } else {
        const ws = join(h.home.runsDir, outcome.runId, 'steps', 'prep', 'attempt-1');
        assert.deepEqual(result.argv, [
          '--input',
          `${ws}/processing/input/raw`,
          '--lookup',
          `${ws}/_root/data/lookup`,
          '--output',
          `${ws}/processing/result`,
        ]);
      }
      const log = await h.log(outcome.runId, 'prep');
      assert.match(
        log,
        /image 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/sklearn:1\.2 is used by the cloud targets; locally the command runs on the host/,
      );
    });
  }
});

describe('GODWIT_PYTHON for steps without a contract', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  test('replaces a python3 command, so Godwit-native steps pick the same interpreter', async () => {
    const h = await contractHarness();
    try {
      const step = processing('native', {
        command: [
          'python3',
          '-c',
          "import os, sys; open(os.environ['GODWIT_OUTPUT_OUT'] + '/exe.txt', 'w').write(sys.executable)",
        ],
        outputs: { out: 'dataset' },
      });
      const outcome = await h.run(pipeline('native', { steps: [step] }), {}, 'none', { GODWIT_PYTHON: '/usr/bin/python3' });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(
        await readFile(join(await h.artifactDir(outcome.runId, 'native', 'out'), 'exe.txt'), 'utf8'),
        '/usr/bin/python3',
      );
    } finally {
      await h.close();
    }
  });
});
