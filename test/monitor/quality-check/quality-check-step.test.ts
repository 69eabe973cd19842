/**
 * The quality-check step run locally (`godwit run`): a baseline of a training set, then the same
 * check on a copy whose Length is multiplied by 1.5 against that baseline, as SageMaker's
 * QualityCheckStep with a supplied baseline does. The drift fails the step (FailOnViolation) and
 * names Length and no other feature; with failOnViolation false the step records the violations.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';

/** Abalone-like rows from a fixed-seed generator: Sex, Length, Diameter, Rings. */
function rows(n: number, lengthScale: number): string {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = ['Sex,Length,Diameter,Rings'];
  for (let i = 0; i < n; i++) {
    const sex = ['M', 'F', 'I'][Math.floor(next() * 3)];
    const length = 0.1 + next() * 0.7;
    const diameter = 0.08 + next() * 0.5;
    const rings = 1 + Math.floor(next() * 20);
    lines.push(`${sex},${(length * lengthScale).toFixed(3)},${diameter.toFixed(3)},${rings}`);
  }
  return `${lines.join('\n')}\n`;
}

function pipelineFile(dir: string, name: string, current: string, failOnViolation: boolean): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: godwit/v1
kind: Pipeline
name: ${name}
parameters: []
steps:
  - name: baseline
    type: quality-check
    checkType: DATA_QUALITY
    dataset: train.csv
    format: csv
    header: true
    outputs: [{ name: statistics, type: dataset }, { name: constraints, type: dataset }]
  - name: check
    type: quality-check
    checkType: DATA_QUALITY
    dataset: ${current}
    format: csv
    header: true
    baselineStatistics: { kind: StepOutput, step: baseline, output: statistics }
    baselineConstraints: { kind: StepOutput, step: baseline, output: constraints }
    failOnViolation: ${failOnViolation}
    outputs: [{ name: statistics, type: dataset }, { name: constraints, type: dataset }, { name: violations, type: dataset, optional: true }]
`,
  );
  return file;
}

describe('the quality-check step, run locally', () => {
  const dir = scratchDir('godwit-quality-check-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  writeFileSync(join(dir, 'train.csv'), rows(400, 1));
  writeFileSync(join(dir, 'shifted.csv'), rows(400, 1.5));

  test('the same data passes its own baseline', async () => {
    const run = await cli(['run', pipelineFile(dir, 'same', 'train.csv', true)], env, dir);
    assert.equal(run.code, 0, run.stderr + run.stdout);
  });

  test('Length × 1.5 fails the check with baseline_drift_check for Length and no other feature', async () => {
    const run = await cli(['run', pipelineFile(dir, 'shifted', 'shifted.csv', true)], env, dir);
    assert.notEqual(run.code, 0);
    const text = run.stderr + run.stdout;
    assert.match(text, /E_QUALITY_CHECK_VIOLATIONS|violates the supplied baseline/);
    assert.match(text, /1 violation: Length \(baseline_drift_check\)/);
  });

  test('a supplied baseline folder without its statistics.json fails the step naming the field', async () => {
    const empty = join(dir, 'no-baseline');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.txt'), 'not a baseline');
    const file = pipelineFile(dir, 'missing', 'train.csv', true).replace(/\.yaml$/, '-edited.yaml');
    const text = readFileSync(pipelineFile(dir, 'missing', 'train.csv', true), 'utf8').replace(
      '{ kind: StepOutput, step: baseline, output: statistics }',
      'no-baseline',
    );
    writeFileSync(file, text);
    const run = await cli(['run', file], env, dir);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr + run.stdout, /baselineStatistics has no statistics\.json \(found no JSON file\)/);
  });

  test('with failOnViolation false the step succeeds and its violations output holds the file', async () => {
    const run = await cli(['run', pipelineFile(dir, 'recorded', 'shifted.csv', false), '--json'], env, dir);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const runId = /run-\d{8}-\d{6}-[0-9a-f]+/.exec(run.stdout)?.[0];
    assert.ok(runId, run.stdout);
    const found = findFile(join(dir, 'home', 'artifacts', 'runs', runId), 'constraint_violations.json');
    assert.ok(found, 'constraint_violations.json stored as the violations artifact');
    const { violations } = JSON.parse(readFileSync(found, 'utf8'));
    assert.deepEqual(
      violations.map((v: { feature_name: string; constraint_check_type: string }) => [v.feature_name, v.constraint_check_type]),
      [['Length', 'baseline_drift_check']],
    );
    assert.match(violations[0].description, /distance/i);
  });
});

/** The one file named `name` under `root`. */
function findFile(root: string, name: string): string | undefined {
  const all = (readdirSync(root, { recursive: true }) as string[]).map(String);
  const hits = all.filter((e) => e.endsWith(`/${name}`));
  assert.ok(hits.length <= 1, hits.join(', '));
  return hits[0] === undefined ? undefined : join(root, hits[0]);
}
