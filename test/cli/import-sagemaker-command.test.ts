/**
 * `godwit import FILE --from sagemaker`: the YAML pipeline and its fetched code written with -o,
 * loadable by `godwit validate` and compilable; the report on stderr or as JSON; bad input as E_IMPORT.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { storeForUri } from '../../src/store/index.js';
import { ROOT } from '../golden/golden-file.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

const FIXTURES = join(ROOT, 'test/fixtures/smimport');

describe('godwit import --from sagemaker', () => {
  let s3: TestS3Server;
  before(async () => {
    s3 = await startS3rver(['smimport-fixtures']);
    const bucket = await storeForUri('s3://smimport-fixtures', { s3: { endpoint: s3.endpoint }, env: { ...s3.env } });
    await bucket.put('code/preprocess.py', await readFile(join(FIXTURES, 'preprocess.py')));
    await bucket.put('code/evaluate.py', await readFile(join(FIXTURES, 'evaluate.py')));
  });

  const envFor = (dir: string, endpoint = true) => ({
    ...(endpoint ? { ...s3.env, AWS_ENDPOINT_URL_S3: s3.endpoint } : {}),
    GODWIT_HOME: join(dir, 'home'),
    HOME: dir,
    XDG_CONFIG_HOME: dir,
  });

  test('-o writes the pipeline and the scripts fetched from the configured S3 beside it; validate accepts it', async () => {
    const dir = scratchDir('godwit-import-cli-');
    const out = await cli(
      ['import', join(FIXTURES, 'linear.definition.json'), '--from', 'sagemaker', '-o', 'imported/pipeline.yaml'],
      envFor(dir),
      dir,
    );
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /Wrote imported\/pipeline.yaml \(6 steps, 2 fetched files beside it\)\./);
    assert.match(
      out.stderr,
      /approximated +Train: sagemaker_submit_directory — s3:\/\/smimport-fixtures\/code\/train\/sourcedir.tar.gz could not be fetched/,
    );
    assert.ok(existsSync(join(dir, 'imported/code/Preprocess/preprocess.py')));
    assert.equal(
      await readFile(join(dir, 'imported/code/Evaluate/evaluate.py'), 'utf8'),
      await readFile(join(FIXTURES, 'evaluate.py'), 'utf8'),
    );
    const valid = await cli(['validate', join(dir, 'imported/pipeline.yaml'), '--json'], envFor(dir), dir);
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    assert.equal(JSON.parse(valid.stdout).pipeline, 'linear');
    const compiled = await cli(['compile', join(dir, 'imported/pipeline.yaml'), '--target', 'sagemaker'], envFor(dir), dir);
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.equal(JSON.parse(compiled.stdout).Steps[0].Name, 'Preprocess');
  });

  test('--json prints the IR (named after the file, or --name) and the notes; without an S3 endpoint s3:// code stays a URI', async () => {
    const dir = scratchDir('godwit-import-cli-');
    const out = await cli(
      ['import', join(FIXTURES, 'linear.definition.json'), '--from', 'sagemaker', '--json', '--name', 'lin'],
      envFor(dir, false),
      dir,
    );
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    assert.equal(report.ir.name, 'lin');
    assert.ok(
      report.notes.some(
        (n: { feature: string; detail: string }) => n.feature === 'ProcessingInputs.code' && /not fetched/.test(n.detail),
      ),
    );
  });

  test('a file that is not JSON, and a definition the importer refuses, are E_IMPORT', async () => {
    const dir = scratchDir('godwit-import-cli-');
    await writeFile(join(dir, 'bad.json'), '{ "Version": ');
    const notJson = await cli(['import', 'bad.json', '--from', 'sagemaker'], envFor(dir, false), dir);
    assert.notEqual(notJson.code, 0);
    assert.match(notJson.stderr, /bad.json is neither YAML nor JSON/);
    await writeFile(
      join(dir, 'emr.json'),
      JSON.stringify({ Version: '2020-12-01', Steps: [{ Name: 'spark', Type: 'EMR', Arguments: {} }] }),
    );
    const emr = await cli(['import', 'emr.json', '--from', 'sagemaker'], envFor(dir, false), dir);
    assert.notEqual(emr.code, 0);
    assert.match(emr.stderr, /step "spark", Type: a EMR step needs an EMR cluster/);
  });

  test('--from takes only the sources there are importers for', async () => {
    const dir = scratchDir('godwit-import-cli-');
    const out = await cli(['import', 'x.json', '--from', 'airflow'], envFor(dir, false), dir);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /airflow/);
  });
});
