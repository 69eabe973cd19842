import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { kfpHeader, toKfpYaml } from '../../src/compile/kfp/yaml/kfp-yaml.js';
import { dumpPyYaml } from '../../src/compile/kfp/yaml/pyyaml-emitter.js';
import { plainReadsAsString, pythonFloat } from '../../src/compile/kfp/yaml/pyyaml-scalar.js';

const SDK_FILES = ['iris_pipeline_compiled.yaml', 'pipeline_with_retry.yaml'];
const sdkFile = (name: string) => readFileSync(new URL(`./kfp-proto/golden/sdk/${name}`, import.meta.url), 'utf8');

describe('toKfpYaml', () => {
  for (const name of SDK_FILES) {
    test(`writes the SDK-compiled ${name} back byte for byte`, () => {
      const text = sdkFile(name);
      assert.equal(toKfpYaml(parse(text)), text);
    });
  }

  test('writes a header with description lines and sorted inputs, as the SDK does', () => {
    const header = kfpHeader({
      pipelineInfo: { name: 'p', description: 'First line.\nSecond line.' },
      root: {
        inputDefinitions: {
          parameters: {
            zeta: { parameterType: 'BOOLEAN', defaultValue: false },
            alpha: { parameterType: 'NUMBER_INTEGER', defaultValue: 3 },
            name: { parameterType: 'STRING', defaultValue: 'x' },
            free: { parameterType: 'NUMBER_DOUBLE' },
          },
        },
      },
    });
    assert.equal(
      header,
      [
        '# PIPELINE DEFINITION',
        '# Name: p',
        '# Description: First line.',
        '#              Second line.',
        '# Inputs:',
        '#    alpha: int [Default: 3.0]',
        '#    free: float',
        "#    name: str [Default: 'x']",
        '#    zeta: bool [Default: False]',
        '',
      ].join('\n'),
    );
  });

  test('writes numbers as floats except the int32 fields outside Structs', () => {
    const text = dumpPyYaml(
      {
        root: { dag: { tasks: { t: { retryPolicy: { maxRetryCount: 2, backoffFactor: 2 } } } } },
        deploymentSpec: { maxRetryCount: 1 },
      },
      { isInt: (path) => path[path.length - 1] === 'maxRetryCount' && path[0] !== 'deploymentSpec' },
    );
    assert.match(text, /maxRetryCount: 2\n/);
    assert.match(text, /backoffFactor: 2\.0\n/);
    assert.match(text, /deploymentSpec:\n {2}maxRetryCount: 1\.0\n/);
  });
});

describe('PyYAML scalar rules', () => {
  test('pythonFloat matches repr(float) as PyYAML writes it', () => {
    const cases: [number, string][] = [
      [6, '6.0'],
      [0.2, '0.2'],
      [-0.5, '-0.5'],
      [7.5, '7.5'],
      [0.0001, '0.0001'],
      [0.00001, '1.0e-05'],
      [1.5e-7, '1.5e-07'],
      [1e16, '1.0e+16'],
      [123456789012345.6, '123456789012345.6'],
      [1.2345e20, '1.2345e+20'],
    ];
    for (const [n, text] of cases) assert.equal(pythonFloat(n), text, String(n));
  });

  test('strings that would read back as another type are not plain', () => {
    for (const s of ['1', '1.0', 'true', 'No', 'null', '', '~', '2024-01-01', '0x1F', '1_000']) {
      assert.equal(plainReadsAsString(s), false, s);
    }
    for (const s of ['2.1.0', 'kfp-2.13.0', '0s', '3600s', 'abc', 'ml.m5.xlarge']) assert.equal(plainReadsAsString(s), true, s);
  });

  test('quotes and folds scalars as PyYAML does', () => {
    const text = dumpPyYaml({
      a: '1',
      b: "{{$.inputs.parameters['x']}}",
      c: 'ends with space ',
      d: 'tab\there',
      e: 'line one\nline two',
      f: 'word '.repeat(20).trim(),
      g: [],
      h: {},
      i: [{ k: 'v', l: ['x'] }],
      'long key': true,
      j: null,
      k: 'café',
    });
    assert.equal(
      text,
      [
        "a: '1'",
        "b: '{{$.inputs.parameters[''x'']}}'",
        "c: 'ends with space '",
        'd: "tab\\there"',
        "e: 'line one",
        '',
        "  line two'",
        'f: word word word word word word word word word word word word word word word word',
        '  word word word word',
        'g: []',
        'h: {}',
        'i:',
        '- k: v',
        '  l:',
        '  - x',
        'j: null',
        'k: "caf\\xE9"',
        'long key: true',
        '',
      ].join('\n'),
    );
  });
});

describe('PyYAML parity', () => {
  const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

  test('a key of 123 characters or more is written as a complex key', () => {
    assert.equal(dumpPyYaml({ ['k'.repeat(122)]: 1 }), `${'k'.repeat(122)}: 1.0\n`);
    assert.equal(dumpPyYaml({ ['k'.repeat(123)]: 1 }), `? ${'k'.repeat(123)}\n: 1.0\n`);
  });

  test('matches PyYAML itself on random strings', { skip: hasPyYaml ? false : 'python3 with PyYAML is not installed' }, () => {
    const pieces = [
      'a',
      ' ',
      ' ',
      '\n',
      "'",
      '"',
      ':',
      '#',
      '-',
      '{',
      '[',
      ',',
      '\\',
      '\t',
      'é',
      '😀',
      '?',
      '1',
      '.',
      '|',
      '*',
      '!',
      '~',
      'x'.repeat(30),
      'word ',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const doc: Record<string, unknown> = { floats: [0.1, 1e-7, 123.456, 1e22, -2.5] };
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = Math.floor(random() * 40); n > 0; n--) s += pieces[Math.floor(random() * pieces.length)];
      doc[`k${String(i).padStart(4, '0')}`] = i % 7 === 0 ? [s, { nested: s }] : s;
      if (i % 13 === 0) doc[s || 'empty'] = Math.floor(random() * 1e6) + 0.25; // non-integral: JSON cannot tell 3 from 3.0
    }
    const json = JSON.stringify(doc);
    const script = 'import json, sys, yaml; sys.stdout.write(yaml.dump(json.loads(sys.stdin.read()), sort_keys=True))';
    const expected = spawnSync('python3', ['-c', script], { input: json, encoding: 'utf8' }).stdout;
    assert.equal(dumpPyYaml(JSON.parse(json)), expected);
  });
  test('writes a document larger than its output buffer as PyYAML does', () => {
    // Over 1 MB: the writer gathers text in chunks copied into a buffer that must grow; simple
    // strings (no spaces), quotes to double and values that must be quoted take the fast paths.
    const doc: Record<string, unknown> = {};
    for (let i = 0; i < 8_000; i++) {
      doc[`task-${String(i).padStart(5, '0')}`] = {
        image: `registry.example.com/team/image-${i}:1.0`,
        quoted: i % 3 === 0 ? `it's-${i}` : `${i}`,
        args: ['--flag', 'true', `value with spaces ${i}`, i % 5 === 0 ? 'é' : 'x'],
        retries: i % 4,
      };
    }
    const json = JSON.stringify(doc);
    const script = 'import json, sys, yaml; sys.stdout.write(yaml.dump(json.loads(sys.stdin.read()), sort_keys=True))';
    const expected = spawnSync('python3', ['-c', script], { input: json, encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    assert.ok(expected.length > 1 << 20, `PyYAML wrote ${expected.length} characters`);
    const isInt = (path: readonly string[]) => path.length === 2 && path[1] === 'retries';
    assert.equal(dumpPyYaml(JSON.parse(json), { isInt }), expected);
  });
});
