import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GodwitError } from '../../src/core/errors.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { scratchDir } from '../helpers/scratch.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function loadError(path: string, code: string): Promise<GodwitError> {
  const e = await loadPipelineFile(path).then(
    () => assert.fail(`expected ${code} loading ${path}`),
    (err: unknown) => err,
  );
  assert.ok(e instanceof GodwitError, String(e));
  assert.equal(e.code, code, e.message);
  return e;
}

function project(files: Record<string, string>): string {
  const dir = scratchDir('godwit-load-formats-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const ONE_STEP = {
  apiVersion: 'godwit/v1',
  kind: 'Pipeline',
  name: 'one',
  parameters: [],
  steps: [{ name: 'stop', type: 'fail', message: 'x' }],
};

describe('loadPipelineFile: the README pipeline in a new npm project', () => {
  test('`npm init -y` (CommonJS) + the README snippet loads', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const after = readme.slice(readme.indexOf('Write your own pipeline'));
    const snippet = /```ts\n([\s\S]*?)```/.exec(after)?.[1] ?? '';
    assert.ok(snippet?.includes("from 'godwit'"), 'the README has its TypeScript snippet');
    const dir = project({ 'pipeline.ts': snippet, 'prep.mjs': '', 'data/raw.csv': 'a,b\n1,2\n' });
    const init = spawnSync('npm', ['init', '-y'], { cwd: dir, encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    assert.notEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type, 'module');
    // As `npm install godwit` would, with this checkout as the package.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'godwit'));
    const loaded = await loadPipelineFile(join(dir, 'pipeline.ts'));
    assert.equal(loaded.ir.name, 'mine');
    assert.deepEqual(
      loaded.ir.steps.map((s) => s.name),
      ['prep', 'train'],
    );
  });
});

describe('loadPipelineFile: errors from the pipeline file keep their code', () => {
  test("a DSL option typo in a project that imports 'godwit' is E_DSL_OPTION, not a load failure", async () => {
    // tsx loads the file's `godwit` as a second copy of the modules, whose GodwitError is another class.
    const dir = project({
      'pipeline.mts': [
        "import { pipeline, processing } from 'godwit';",
        "const prep = processing('prep', { command: ['true'], outptus: {} });",
        "export default pipeline('typo', { steps: [prep] });",
      ].join('\n'),
    });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'godwit'));
    const e = await loadError(join(dir, 'pipeline.mts'), 'E_DSL_OPTION');
    assert.match(e.message, /outptus/);
    assert.match(e.describe(), /Did you mean "outputs"\?/);
  });
});

describe('loadPipelineFile: each format by its own loader', () => {
  test('a JavaScript pipeline is imported by Node itself, not through tsx', async () => {
    const dir = project({ 'package.json': '{ "type": "module" }\n' });
    const file = join(dir, 'pipeline.mjs');
    writeFileSync(file, `export default { ...${JSON.stringify(ONE_STEP)}, description: import.meta.url };\n`);
    const loaded = await loadPipelineFile(file);
    // tsx's import gives the module a `?tsx-namespace=…` URL.
    assert.equal(loaded.ir.description, pathToFileURL(file).href);
  });

  test('a syntax error in a .mts file is reported against the .mts file', async () => {
    const dir = project({ 'x.mts': "export default {\n  kind: 'Pipeline',,\n};\n" });
    const e = await loadError(join(dir, 'x.mts'), 'E_PIPELINE_SYNTAX');
    assert.ok(e.message.includes(`${join(dir, 'x.mts')}:2:`), e.message);
    assert.ok(!e.message.includes('x.ts'), e.message);
  });

  test('a JavaScript syntax error names the file and line', async () => {
    const dir = project({ 'bad.mjs': 'export const a = 1;\nexport default {;\n' });
    const e = await loadError(join(dir, 'bad.mjs'), 'E_PIPELINE_SYNTAX');
    assert.match(e.message, /bad\.mjs \(at line 2, column 17\): Unexpected token/);
    assert.match(e.hint ?? '', /syntax error/);
  });

  test('a .json pipeline is parsed as JSON: YAML syntax in it is an error with its position', async () => {
    const dir = project({
      'good.json': JSON.stringify(ONE_STEP, null, 2),
      'yamlish.json': '{\n  "apiVersion": "godwit/v1",\n  kind: Pipeline\n}\n',
      'bom.json': `\uFEFF${JSON.stringify(ONE_STEP)}`,
    });
    assert.equal((await loadPipelineFile(join(dir, 'good.json'))).ir.name, 'one');
    assert.equal((await loadPipelineFile(join(dir, 'bom.json'))).ir.name, 'one');
    const e = await loadError(join(dir, 'yamlish.json'), 'E_PIPELINE_SYNTAX');
    assert.match(e.message, /yamlish\.json:3:3: /);
    assert.match(e.hint ?? '', /Fix line 3, column 3/);
  });
});
