import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GodwitError, ValidationError } from '../../src/core/errors.js';
import type { FunctionContext } from '../../src/pipeline/function-context.js';
import type { FunctionStep, TrainingStep } from '../../src/pipeline/ir.js';
import { loadHandler, loadPipelineFile } from '../../src/pipeline/load.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

async function loadError(path: string, code: string): Promise<GodwitError> {
  try {
    await loadPipelineFile(path);
  } catch (e) {
    assert.ok(e instanceof GodwitError, String(e));
    assert.equal(e.code, code, e.message);
    assert.ok(!e.message.includes('    at '), `no stack trace in: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code} loading ${path}`);
}

const fakeContext = {} as FunctionContext;

describe('loadPipelineFile: TypeScript', () => {
  test('the abalone example loads and validates ("godwit" resolves to the sources)', async () => {
    const loaded = await loadPipelineFile(join(root, 'examples/abalone/pipeline.ts'));
    const direct = await import('../../examples/abalone/pipeline.js');
    assert.deepEqual(loaded.ir, direct.default.ir);
    assert.equal(loaded.ir.name, 'abalone');
    assert.equal(loaded.file, join(root, 'examples/abalone/pipeline.ts'));
    assert.equal(loaded.baseDir, join(root, 'examples/abalone'));
    const train = loaded.ir.steps.find((s) => s.name === 'train') as TrainingStep;
    assert.ok(Object.isFrozen(loaded.ir) && Object.isFrozen(train.inputs[0]));
  });

  test('a folder stands for its pipeline file; relative paths resolve from the working directory', async () => {
    const loaded = await loadPipelineFile(join('examples', 'abalone'));
    assert.ok(isAbsolute(loaded.file));
    assert.equal(loaded.file, resolve('examples/abalone/pipeline.ts'));
  });

  test('fn() steps bring their functions', async () => {
    const loaded = await loadPipelineFile(join(fixtures, 'dsl-functions/pipeline.ts'));
    const step = loaded.ir.steps[0] as FunctionStep;
    assert.deepEqual(step.handler, { module: '#pipeline', export: 'greet' });
    const f = await loadHandler(loaded, step);
    assert.deepEqual(await f(fakeContext), { metrics: { greeted: 1 } });
  });

  test('a plain IR default export, with handlers from named exports and from modules', async () => {
    const loaded = await loadPipelineFile(join(fixtures, 'plain-ir/pipeline.ts'));
    const step = (name: string) => loaded.ir.steps.find((s) => s.name === name) as FunctionStep;
    assert.deepEqual(await (await loadHandler(loaded, step('shout')))(fakeContext), { metrics: { loudness: 11 } });
    const whisper = await loadHandler(loaded, step('whisper'));
    assert.deepEqual(await whisper(fakeContext), { metrics: { loudness: 1 } });
    assert.equal(await loadHandler(loaded, step('whisper')), whisper, 'a handler module is imported once');

    await assert.rejects(loadHandler(loaded, step('absent')), (e: unknown) => {
      assert.ok(e instanceof GodwitError && e.code === 'E_HANDLER_NOT_FOUND');
      assert.match(
        e.message,
        /Step "absent" runs "notThere" from .*handlers\.ts, which does not export it\. Functions it exports: whisper\./,
      );
      return true;
    });
    await assert.rejects(loadHandler(loaded, step('lost')), (e: unknown) => {
      assert.ok(e instanceof GodwitError && e.code === 'E_HANDLER_NOT_FOUND');
      assert.match(e.message, /"missing\.ts", which does not exist \(looked for .*plain-ir\/missing\.ts\)/);
      return true;
    });
  });

  test('loadHandler: a #pipeline function the file does not have', async () => {
    const loaded = await loadPipelineFile(join(fixtures, 'dsl-functions/pipeline.ts'));
    const ghost: FunctionStep = {
      name: 'ghost',
      type: 'function',
      handler: { module: '#pipeline', export: 'ghost' },
      inputs: [],
      outputs: [],
    };
    await assert.rejects(loadHandler(loaded, ghost), /runs function "ghost" of the pipeline file .*Functions found: greet\./);
  });

  test('a step as default export says how to wrap it', async () => {
    const e = await loadError(join(fixtures, 'step-default/pipeline.ts'), 'E_PIPELINE_EXPORT');
    assert.match(e.message, /has a step \("stop"\) as its default export, not a pipeline/);
    assert.equal(e.hint, "Wrap it in a pipeline: export default pipeline('name', { steps: [stop] })");
  });
});

describe('loadPipelineFile: errors', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'godwit-load-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  test('a missing file names the path and the working directory', async () => {
    const e = await loadError(join(dir, 'nope.ts'), 'E_PIPELINE_NOT_FOUND');
    assert.ok(e.message.includes(join(dir, 'nope.ts')));
    assert.ok(e.message.includes(`working directory ${process.cwd()}`));
  });

  test('a folder without a pipeline file', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const e = await loadError(join(dir, 'empty'), 'E_PIPELINE_NOT_FOUND');
    assert.match(e.message, /has no pipeline file \(looked for pipeline\.ts, .*pipeline\.yaml/);
  });

  test('a #pipeline handler the module does not define is a validation problem', async () => {
    const ir = {
      apiVersion: 'godwit/v1',
      kind: 'Pipeline',
      name: 'handlers',
      parameters: [],
      steps: [
        { name: 'a', type: 'function', handler: { module: '#pipeline', export: 'run' }, inputs: [], outputs: [] },
        { name: 'b', type: 'function', handler: { module: '#pipeline', export: 'other' }, inputs: [], outputs: [] },
      ],
    };
    const path = file('handlers.mjs', `export function run() {}\nexport default ${JSON.stringify(ir)};\n`);
    const e = await loadError(path, 'E_VALIDATION');
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.problems, [
      {
        step: 'b',
        field: 'handler.export',
        message:
          'the pipeline file has no function "other"; define the step with fn() or export the function. Functions found: run.',
      },
    ]);
  });

  test('a TypeScript file Node treats as CommonJS still gives its default export and functions', async () => {
    file('cjs/package.json', '{ "type": "commonjs" }\n');
    const ir = {
      apiVersion: 'godwit/v1',
      kind: 'Pipeline',
      name: 'cjs',
      parameters: [],
      steps: [{ name: 'a', type: 'function', handler: { module: '#pipeline', export: 'run' }, inputs: [], outputs: [] }],
    };
    const path = file(
      'cjs/pipeline.ts',
      `export function run() { return { metrics: { n: 7 } }; }\nexport default ${JSON.stringify(ir)};\n`,
    );
    const loaded = await loadPipelineFile(path);
    assert.equal(loaded.ir.name, 'cjs');
    const f = await loadHandler(loaded, loaded.ir.steps[0] as FunctionStep);
    assert.deepEqual(await f(fakeContext), { metrics: { n: 7 } });
    const e = await loadError(file('cjs/named.ts', 'export const steps = [];\n'), 'E_PIPELINE_EXPORT');
    assert.match(e.message, /has no default export \(it exports steps\)/);
  });

  test('an unsupported extension', async () => {
    const e = await loadError(file('pipeline.py', 'print(1)\n'), 'E_PIPELINE_EXTENSION');
    assert.match(e.message, /pipeline files end in \.ts, \.mts, \.js, \.mjs, \.yaml, \.yml, \.json/);
  });

  test('a TypeScript syntax error gives the position, not a stack trace', async () => {
    const path = file('syntax.ts', 'const ok = 1;\nconst broken = ;\nexport default { ok };\n');
    const e = await loadError(path, 'E_PIPELINE_SYNTAX');
    assert.ok(e.message.includes(`${path}:2:15`), e.message);
    assert.match(e.message, /Unexpected ";"/);
  });

  test('an error thrown while the module runs names its line', async () => {
    const path = file('throws.mjs', "export const a = 1;\nthrow new Error('no data folder');\n");
    const e = await loadError(path, 'E_PIPELINE_SYNTAX');
    assert.match(e.message, /\(at line 2, column 7\): no data folder/);
  });

  test('a module without a default export shows the fix', async () => {
    const e = await loadError(file('named.mjs', 'export const steps = [];\n'), 'E_PIPELINE_EXPORT');
    assert.match(e.message, /has no default export \(it exports steps\)/);
    assert.match(e.hint ?? '', /export default pipeline\('name', \{ steps: \[\.\.\.\] \}\)/);
  });

  test('a default export of the wrong shape says what it found', async () => {
    const e = await loadError(file('number.mjs', 'export default 42;\n'), 'E_PIPELINE_EXPORT');
    assert.match(e.message, /a default export of type number, not a pipeline/);
  });

  test('bad YAML names the file, line and column', async () => {
    const path = file('bad.yaml', 'apiVersion: godwit/v1\nkind: Pipeline\nsteps:\n  - name: a\n    type: fail\n   message: x\n');
    const e = await loadError(path, 'E_PIPELINE_SYNTAX');
    assert.ok(e.message.startsWith(`${path}:6:`), e.message);
    assert.match(e.hint ?? '', /Fix line 6/);
  });

  test('bad JSON names the line too', async () => {
    const path = file('bad.json', '{\n  "apiVersion": "godwit/v1",\n  "kind": "Pipeline"\n  "name": "x"\n}\n');
    const e = await loadError(path, 'E_PIPELINE_SYNTAX');
    assert.match(e.message, /bad\.json:4:\d+: /);
  });

  test('a YAML pipeline is validated, and cannot use #pipeline handlers', async () => {
    const path = file(
      'fn.yaml',
      [
        'apiVersion: godwit/v1',
        'kind: Pipeline',
        'name: fn',
        'parameters: []',
        'steps:',
        '  - { name: f, type: function, handler: { module: "#pipeline", export: f }, inputs: [], outputs: [] }',
        '  - { name: g, type: function, handler: { module: g.ts, export: g }, inputs: [], outputs: [], dependsOn: [h] }',
      ].join('\n'),
    );
    const e = await loadError(path, 'E_VALIDATION');
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(
      e.problems.map((p) => `${p.step} ${p.field}`),
      ['g dependsOn[0]', 'f handler.module'],
    );
    assert.match(e.message, /^Pipeline "fn" \(.*fn\.yaml\) has 2 problems/);
    assert.match(e.problems[1].message, /a YAML or JSON pipeline has no functions of its own/);
  });
});

describe('loadPipelineFile: YAML', () => {
  test('examples/yaml-hello loads and validates', async () => {
    const loaded = await loadPipelineFile(join(root, 'examples/yaml-hello/pipeline.yaml'));
    assert.equal(loaded.ir.name, 'yaml-hello');
    assert.deepEqual(
      loaded.ir.steps.map((s) => s.type),
      ['processing', 'condition', 'fail'],
    );
    assert.equal(loaded.functions.size, 0);
    assert.ok(Object.isFrozen(loaded.ir.steps[0]));
  });
});
