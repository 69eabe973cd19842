import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { formatProblem, ValidationError } from '../../src/core/errors.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { assertValidPipeline, validatePipeline } from '../../src/pipeline/validate.js';
import {
  conditionStep,
  demoSteps,
  failStep,
  out,
  PARAMETERS,
  param,
  pipelineIr,
  processingStep,
  trainingStep,
} from './ir-builders.js';

/** A pipeline with one problem of each of several kinds. */
function brokenPipeline(): PipelineIR {
  const steps = demoSteps().map((s) => {
    if (s.name === 'train')
      return trainingStep('train', {
        inputs: [{ name: 'train', source: out('prep', 'trian') }],
        hyperparameters: { wd: param('wd') },
      });
    if (s.name === 'check')
      return conditionStep('check', { op: 'gt', left: param('enabled'), right: 1 }, ['register', 'ghost'], ['stop']);
    return s;
  });
  steps.push(
    processingStep('loop-a', { dependsOn: ['loop-b'] }),
    processingStep('loop-b', { dependsOn: ['loop-a'] }),
    failStep('stop'),
  );
  return {
    ...pipelineIr(steps, [...PARAMETERS, { name: 'epochs', type: 'integer', default: 1 }]),
    apiVersion: 'godwit/v0' as 'godwit/v1',
  };
}

describe('validatePipeline on a pipeline with many problems', () => {
  test('reports every problem at once, each with its step and field', () => {
    const problems = validatePipeline(brokenPipeline());
    const where = problems.map((p) => `${p.step ?? '-'} ${p.field}`).sort();
    assert.deepEqual(where, [
      '- apiVersion',
      '- parameters.epochs.name',
      'check condition.left',
      'check then[1]',
      'loop-a dependencies',
      'stop name',
      'train hyperparameters.wd',
      'train inputs.train.source',
    ]);
  });

  test('assertValidPipeline throws one ValidationError listing them all', () => {
    assert.throws(
      () => assertValidPipeline(brokenPipeline(), 'Pipeline "demo"'),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.code, 'E_VALIDATION');
        assert.equal(e.problems.length, 8);
        assert.ok(e.message.startsWith('Pipeline "demo" has 8 problems:\n'));
        for (const p of e.problems) assert.ok(e.message.includes(formatProblem(p)));
        assert.ok(e.message.includes('step "train", inputs.train.source: reads output "trian" of step "prep"'));
        return true;
      },
    );
  });

  test('assertValidPipeline passes a valid pipeline', () => {
    assert.doesNotThrow(() => assertValidPipeline(pipelineIr(demoSteps()), 'demo'));
  });
});

describe('documented pipelines validate clean', () => {
  test('the complete example of docs/ir.md', () => {
    const md = readFileSync(new URL('../../docs/ir.md', import.meta.url), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(md)?.[1];
    assert.ok(block, 'docs/ir.md has a yaml block');
    const ir = parse(block);
    assert.deepEqual(validatePipeline(ir), []);
    const kinds = new Set((ir as PipelineIR).steps.map((s) => s.type));
    assert.deepEqual([...kinds].sort(), [
      'condition',
      'fail',
      'function',
      'processing',
      'register-model',
      'training',
      'transform',
    ]);
  });
});
