import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { toFileUri } from '../../../src/core/uri.js';
import { parseStatement } from '../../../src/sql/index.js';
import { type ArtifactStore, objectIn } from '../../../src/store/index.js';
import { publishExport } from '../../../src/warehouse/bqml/bqml-export-publish.js';
import { scratchDir } from '../../helpers/scratch.js';
import { type ExportFixture, exportWarehouse } from './bqml-export-fixture.js';

const files = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .map(String)
        .filter((n) => !n.startsWith('.'))
        .sort()
    : [];

describe('EXPORT MODEL is read into the statement model', () => {
  it('with a project prefix, OPTIONS and URI in any case', () => {
    const s = parseStatement("export model `my-project.penguins.m` options (uri = 'gs://b/f/');", 'bigquery');
    assert.equal(s.kind, 'export-model');
    if (s.kind !== 'export-model') return;
    assert.deepEqual([s.model.schema, s.model.name], ['penguins', 'm']);
    assert.equal(s.options.get('uri'), 'gs://b/f/');
    const bare = parseStatement('EXPORT MODEL penguins.m', 'bigquery');
    assert.equal(bare.kind === 'export-model' && bare.options.size, 0);
  });

  it('without a name, or with something after it, as unreadable (E_SQL_DIALECT when run)', () => {
    for (const sql of ["EXPORT MODEL OPTIONS (URI = 'gs://b/')", "EXPORT MODEL penguins.m TO 'gs://b/'"]) {
      const s = parseStatement(sql, 'bigquery');
      assert.equal(s.kind, 'unreadable', sql);
    }
  });
});

describe('EXPORT MODEL refuses what it cannot write, leaving nothing behind', () => {
  let f: ExportFixture;
  before(async () => {
    f = await exportWarehouse();
    await f.bq.execute(`CREATE MODEL penguins.m OPTIONS (model_type = 'LOGISTIC_REG', input_label_cols = ['species'], max_iterations = 3)
      AS SELECT * FROM penguins.penguins`);
  });
  after(() => f.close());

  const refused = async (sql: string, code: string, message: RegExp) =>
    assert.rejects(f.bq.execute(sql), (err: GodwitError) => {
      assert.equal(err.code, code, err.message);
      assert.match(err.message, message);
      assert.ok(err.hint, 'a hint with the way out');
      return true;
    });

  it('an unknown model: Not found, and no folder', async () => {
    const dir = join(f.root, 'none');
    await refused(
      `EXPORT MODEL penguins.nope OPTIONS (URI = '${toFileUri(dir)}/')`,
      'E_BQML_MODEL_NOT_FOUND',
      /^Not found: Model penguins\.nope/,
    );
    assert.equal(existsSync(dir), false);
  });

  it('a missing URI, an unsupported scheme, an option it does not read', async () => {
    await refused('EXPORT MODEL penguins.m', 'E_BQML_EXPORT', /URI option is missing/);
    await refused(
      "EXPORT MODEL penguins.m OPTIONS (URI = 'https://example.com/m/')",
      'E_BQML_EXPORT',
      /https:\/\/example\.com\/m\//,
    );
    await refused("EXPORT MODEL penguins.m OPTIONS (URI = 'models/m/')", 'E_BQML_EXPORT', /models\/m\//);
    await refused("EXPORT MODEL penguins.m OPTIONS (URI = 'gs://b/m/', TRIAL_ID = 2)", 'E_BQML_EXPORT', /trial_id/);
    await refused("EXPORT MODEL penguins.m OPTIONS (URI = 'gs://b/../m/')", 'E_KEY_ESCAPES_ROOT', /climbs out/);
  });

  it('an unreadable statement is E_SQL_DIALECT', async () => {
    await refused("EXPORT MODEL penguins.m TO 'gs://b/'", 'E_SQL_DIALECT', /EXPORT/);
  });

  it('into a folder holding files: writes over its own names, removes an earlier export, leaves other files', async () => {
    const dir = join(f.root, 'busy');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'README.txt'), 'mine');
    writeFileSync(join(dir, 'bqml-model.json'), 'old');
    await f.bq.execute(`CREATE MODEL penguins.t OPTIONS (model_type = 'BOOSTED_TREE_CLASSIFIER', input_label_cols = ['species'], max_iterations = 2)
      AS SELECT * FROM penguins.penguins`);
    await f.bq.execute(`EXPORT MODEL penguins.t OPTIONS (URI = '${toFileUri(dir)}')`);
    assert.deepEqual(files(dir), [
      'README.txt',
      'assets',
      'assets/0.txt',
      'assets/5.txt',
      'assets/model_metadata.json',
      'model.bst',
      'xgboost-model.json',
    ]);
    await f.bq.execute(`EXPORT MODEL penguins.m OPTIONS (URI = '${toFileUri(dir)}/')`);
    assert.deepEqual(
      files(dir).filter((n) => n !== 'assets'),
      ['README.txt', 'bqml-model.json', 'model.onnx'],
    );
  });
});

it('an upload that fails midway removes the files the export had added and keeps the rest', async () => {
  const dir = scratchDir('godwit-bqml-export-fail-');
  writeFileSync(join(dir, 'README.txt'), 'mine');
  const real = await objectIn(`${toFileUri(dir)}/`);
  let puts = 0;
  const failing: ArtifactStore = Object.create(real.store, {
    put: {
      value: async (key: string, data: string | Buffer) => {
        if (++puts === 3) throw new GodwitError('E_STORE_UNREACHABLE', 'the store went away');
        return real.store.put(key, data);
      },
    },
  });
  const files = [
    { path: 'assets/0.txt', data: 'a\n' },
    { path: 'assets/model_metadata.json', data: '{}' },
    { path: 'xgboost-model.json', data: '{}' },
  ];
  await assert.rejects(
    publishExport(async () => ({ store: failing, key: real.key }), toFileUri(dir), files),
    { code: 'E_STORE_UNREACHABLE' },
  );
  assert.deepEqual(
    files.length === 3 &&
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((n) => !n.startsWith('.') && n !== 'assets'),
    ['README.txt'],
  );
});
