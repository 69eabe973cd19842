import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { parseParamArgs, parseParameterValue, resolveParameters } from '../../src/pipeline/parameters.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { demoSteps, PARAMETERS, pipelineIr } from './ir-builders.js';

const ir = pipelineIr(demoSteps(), [...PARAMETERS, { name: 'region', type: 'string' }]);

function parameterError(fn: () => unknown): GodwitError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof GodwitError, String(e));
    assert.equal(e.code, 'E_PARAMETER');
    return e;
  }
  assert.fail('expected an E_PARAMETER error');
}

describe('parseParamArgs', () => {
  test('splits at the first "="', () => {
    assert.deepEqual(parseParamArgs(['threshold=0.7', 'note=a=b', 'empty=']), { threshold: '0.7', note: 'a=b', empty: '' });
  });

  test('reports every malformed entry at once', () => {
    const e = parameterError(() => parseParamArgs(['threshold', '=3', 'x=1', 'x=2']));
    assert.match(e.message, /"threshold" has no value; write --param threshold=<value>/);
    assert.match(e.message, /"=3" has no name/);
    assert.match(e.message, /"x" is given twice/);
  });
});

describe('parseParameterValue', () => {
  test('integers', () => {
    assert.deepEqual(parseParameterValue('integer', '-42'), { value: -42 });
    for (const bad of ['4.0', '1e3', '', ' 4', '0x10', '99999999999999999999'])
      assert.ok('error' in parseParameterValue('integer', bad), bad);
  });

  test('integers beyond ±(2^53 − 1) are refused with the range, not called "not an integer"', () => {
    assert.deepEqual(parseParameterValue('integer', '9007199254740991'), { value: 9007199254740991 });
    assert.deepEqual(parseParameterValue('integer', '-9007199254740991'), { value: -9007199254740991 });
    for (const big of ['12345678901234567890', '9007199254740992', '-9007199254740992']) {
      const parsed = parseParameterValue('integer', big);
      assert.ok('error' in parsed, big);
      assert.doesNotMatch(parsed.error, /not an integer/);
      assert.match(parsed.error, /outside the range .* -9007199254740991 to 9007199254740991 .*make it a string parameter/);
    }
  });

  test('floats', () => {
    assert.deepEqual(parseParameterValue('float', '6'), { value: 6 });
    assert.deepEqual(parseParameterValue('float', '-1.5e-3'), { value: -0.0015 });
    assert.deepEqual(parseParameterValue('float', '.5'), { value: 0.5 });
    for (const bad of ['', 'NaN', 'Infinity', '0x10', '1,5', 'abc', '1e999'])
      assert.ok('error' in parseParameterValue('float', bad), bad);
  });

  test('booleans, any letter case', () => {
    for (const t of ['true', 'TRUE', 'Yes', '1']) assert.deepEqual(parseParameterValue('boolean', t), { value: true }, t);
    for (const f of ['false', 'False', 'NO', '0']) assert.deepEqual(parseParameterValue('boolean', f), { value: false }, f);
    assert.ok('error' in parseParameterValue('boolean', 'on'));
  });

  test('strings as given', () => {
    assert.deepEqual(parseParameterValue('string', ' 42 '), { value: ' 42 ' });
  });
});

describe('a 20-digit integer default', () => {
  test('is reported by its range, not as "not an integer"', () => {
    // YAML and JSON read 12345678901234567890 as the nearest double, 12345678901234567000.
    const ir = pipelineIr(demoSteps(), [
      ...PARAMETERS,
      { name: 'seed', type: 'integer', default: JSON.parse('12345678901234567890') },
    ]);
    const problems = validatePipeline(ir).filter((p) => p.field === 'parameters.seed.default');
    assert.equal(problems.length, 1, JSON.stringify(validatePipeline(ir)));
    assert.match(
      problems[0].message,
      /^the default number 12345678901234567000 is outside the range .*make it a string parameter/,
    );
  });
});

describe('resolveParameters', () => {
  test('defaults, overridden and typed', () => {
    const values = resolveParameters(ir, { threshold: '0.75', epochs: '10', enabled: 'no', region: 'eu-west-1' });
    assert.deepEqual(values, { input_data: 'data.csv', threshold: 0.75, epochs: 10, enabled: false, region: 'eu-west-1' });
  });

  test('collects unknown names, type errors and missing values into one error', () => {
    const e = parameterError(() => resolveParameters(ir, { treshold: '1', epochs: '2.5', enabled: 'maybe' }));
    assert.match(e.message, /"treshold" is not a parameter of pipeline "demo". Did you mean "threshold"\?/);
    assert.match(e.message, /"epochs" is integer, but "2.5" is not an integer/);
    assert.match(e.message, /"enabled" is boolean, but "maybe" is not a boolean/);
    assert.match(e.message, /"region" \(string\) has no default; give it with --param region=<value>/);
    assert.match(
      e.hint ?? '',
      /Parameters: input_data \(string\), threshold \(float\), epochs \(integer\), enabled \(boolean\), region \(string\)/,
    );
    assert.ok(!e.describe().includes('\n'), 'one paragraph');
  });

  test('does not read inherited properties as overrides', () => {
    const overrides = Object.create({ threshold: 'oops' }) as Record<string, string>;
    overrides.region = 'x';
    assert.equal(resolveParameters(ir, overrides).threshold, 0.5);
  });
});
