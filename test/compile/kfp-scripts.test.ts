/**
 * Runs the shell and Python snippets the KFP compiler puts in containers — the SageMaker staging
 * prologue, the JsonGet reader, the machine-type resolver, the fail step — with the launcher's
 * placeholders replaced by real paths, as KFP's launcher would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ContainerSpec } from '../../src/compile/kfp/kfp-spec.js';
import {
  condition,
  fail,
  join as joinValues,
  lte,
  param,
  pipeline,
  processing,
  propertyFile,
} from '../../src/pipeline/dsl/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { compileSpec, containerOf } from './kfp-proto/spec-helpers.js';

const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

/** The container's argv with placeholders (and `/opt/ml`) replaced as the launcher would. */
function resolve(c: ContainerSpec, values: Record<string, string>, optMl?: string): string[] {
  return [...(c.command ?? []), ...(c.args ?? [])].map((arg) => {
    let out = arg;
    for (const [placeholder, value] of Object.entries(values)) out = out.split(placeholder).join(value);
    return optMl ? out.replace(/^\/opt\/ml\//, `${optMl}/`) : out;
  });
}

function run(argv: string[], env: Record<string, string> = {}) {
  return spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...env } });
}

function abaloneLike() {
  const threshold = param.float('mse_threshold', 6);
  const it = param.string('instance_type', 'ml.m5.xlarge');
  const report = propertyFile('Report', 'evaluation', 'evaluation.json');
  const evaluate = processing('evaluate', {
    command: ['python3'],
    code: 'evaluate.py',
    env: { THRESHOLD: threshold, MODE: 'static' },
    inputs: { model: { source: 'gs://b/model.tar.gz', destination: '/opt/ml/processing/model' }, test: 'gs://b/test' },
    outputs: { evaluation: { type: 'metrics', source: '/opt/ml/processing/evaluation' } },
    propertyFiles: [report],
    resources: { instanceType: it },
  });
  const stop = fail('stop', { message: joinValues(['MSE above', threshold], ' ') });
  const check = condition('check', {
    if: lte(evaluate.jsonGet(report, 'regression_metrics.mse.value'), threshold),
    else: [stop],
  });
  return compileSpec(pipeline('p', { parameters: [threshold, it], steps: [evaluate, check] }).ir);
}

describe('KFP container snippets, run for real', () => {
  test('the staging prologue links inputs and outputs, exports env, writes files, then runs the process', {
    skip: !hasPython && 'no python3',
  }, () => {
    const tmp = scratchDir('godwit-kfp-stage-');
    const root = join(tmp, 'opt-ml');
    // What the launcher provides: a file artifact, a folder artifact, and an output path to create.
    writeFileSync(join(tmp, 'model.tar.gz'), 'MODEL');
    mkdirSync(join(tmp, 'test'));
    writeFileSync(join(tmp, 'test', 'test.csv'), '1,2,3');
    const script = [
      'import os',
      "root = os.environ['ROOT']",
      "model = open(root + '/processing/model/model.tar.gz').read()",
      "test = open(root + '/processing/input/test/test.csv').read()",
      "open(root + '/processing/evaluation/evaluation.json', 'w').write(model + test + os.environ['THRESHOLD'] + os.environ['MODE'])",
    ].join('\n');
    writeFileSync(join(tmp, 'evaluate.py'), script);

    const c = containerOf(abaloneLike(), 'evaluate');
    const argv = resolve(
      c,
      {
        "{{$.inputs.artifacts['model'].path}}": join(tmp, 'model.tar.gz'),
        "{{$.inputs.artifacts['test'].path}}": join(tmp, 'test'),
        "{{$.outputs.artifacts['evaluation'].path}}": join(tmp, 'out', 'evaluation'),
        "{{$.inputs.artifacts['code'].path}}": join(tmp, 'evaluate.py'),
        "{{$.inputs.parameters['pipelinechannel--mse_threshold']}}": '6.0',
      },
      root,
    );
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    const result = run(argv, { ...env, ROOT: root });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(tmp, 'out', 'evaluation', 'evaluation.json'), 'utf8'), 'MODEL1,2,36.0static');
  });

  test('the prologue passes values verbatim, never through the shell', () => {
    const tmp = scratchDir('godwit-kfp-stage-');
    const c = containerOf(abaloneLike(), 'evaluate');
    const [sh, flag, script, name] = c.command ?? [];
    const tricky = `"quoted" $HOME \`id\` ; rm -rf /`;
    const result = run([
      sh,
      flag,
      script,
      name,
      '--env',
      'TRICKY',
      tricky,
      '--file',
      join(tmp, 'cfg', 'hp.json'),
      tricky,
      '--',
      'sh',
      '-c',
      'printf %s "$TRICKY"',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, tricky);
    assert.equal(readFileSync(join(tmp, 'cfg', 'hp.json'), 'utf8'), tricky);
    const bad = run([sh, flag, script, name, '--bogus', 'a', 'b', '--', 'true']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --bogus/);
  });

  test('the JsonGet reader writes the value at the path to the output parameter file', {
    skip: !hasPython && 'no python3',
  }, () => {
    const spec = abaloneLike();
    const tmp = scratchDir('godwit-kfp-jsonget-');
    mkdirSync(join(tmp, 'evaluation'));
    writeFileSync(join(tmp, 'evaluation', 'evaluation.json'), JSON.stringify({ regression_metrics: { mse: { value: 4.25 } } }));
    const c = containerOf(spec, 'evaluate-report');
    const out = join(tmp, 'outputs', 'Output');
    const values = {
      "{{$.inputs.artifacts['source'].path}}": join(tmp, 'evaluation'),
      "{{$.outputs.parameters['Output'].output_file}}": out,
    };
    const ok = run(resolve(c, values));
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(readFileSync(out, 'utf8'), '4.25');
    writeFileSync(join(tmp, 'evaluation', 'evaluation.json'), JSON.stringify({ regression_metrics: {} }));
    const missing = run(resolve(c, values));
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /regression_metrics\.mse\.value is not in/);
  });

  test('the machine-type resolver writes CPU and memory, and names the known types otherwise', () => {
    const c = containerOf(abaloneLike(), 'machine-spec-instance-type');
    const tmp = scratchDir('godwit-kfp-machine-');
    const values = (type: string) => ({
      "{{$.inputs.parameters['instance_type']}}": type,
      "{{$.outputs.parameters['cpu'].output_file}}": join(tmp, type, 'cpu'),
      "{{$.outputs.parameters['memory'].output_file}}": join(tmp, type, 'memory'),
    });
    const ok = run(resolve(c, values('ml.m5.xlarge')));
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(readFileSync(join(tmp, 'ml.m5.xlarge', 'cpu'), 'utf8'), '4');
    assert.equal(readFileSync(join(tmp, 'ml.m5.xlarge', 'memory'), 'utf8'), '15G');
    const unknown = run(resolve(c, values('ml.p3.2xlarge')));
    assert.equal(unknown.status, 1);
    assert.match(
      unknown.stderr,
      /Instance type ml\.p3\.2xlarge has no machine type in the Godwit profile gcp \(known: .*ml\.m5\.large/,
    );
    assert.equal(existsSync(join(tmp, 'ml.p3.2xlarge', 'cpu')), false);
  });

  test('the fail step prints its message to stderr and exits 1', () => {
    const c = containerOf(abaloneLike(), 'stop');
    const result = run(resolve(c, { "{{$.inputs.parameters['pipelinechannel--mse_threshold']}}": '6.0' }));
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'MSE above 6.0\n');
  });
});
