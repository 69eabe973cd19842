import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { IMPORTERS } from '../../src/cli/commands/import.js';
import { IMPORT_SOURCES } from '../../src/cli/spec/import-specs.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

const FIXTURE = new URL('../fixtures/kfp-import/container-pipeline.yaml', import.meta.url).pathname;
const IRIS = new URL('../fixtures/kfp-import/iris_pipeline_compiled.yaml', import.meta.url).pathname;

describe('godwit import --from kfp', () => {
  test('the --from choices are the importer table', () => {
    assert.deepEqual([...IMPORT_SOURCES].sort(), Object.keys(IMPORTERS).sort());
  });

  test('writes the pipeline file and the report; the file runs with godwit run', async () => {
    const dir = scratchDir('godwit-import-kfp-');
    const out = join(dir, 'word-lines.yaml');
    const imported = await cli(['import', FIXTURE, '--from', 'kfp', '-o', out]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /Wrote .*word-lines\.yaml \(4 steps\)\./);
    assert.match(imported.stderr, /mapped +make-lines: container — a processing step running sh on this machine/);
    assert.match(imported.stderr, /approximated +artifact paths/);
    assert.equal(parse(readFileSync(out, 'utf8')).name, 'word-lines');

    const run = await cli(['run', out, '--param', 'repeat=4', '--json'], { GODWIT_HOME: join(dir, 'home') }, dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'succeeded');
  });

  test('--json prints the IR and the notes; without -o the pipeline goes to stdout', async () => {
    const asJson = await cli(['import', FIXTURE, '--from', 'kfp', '--json']);
    assert.equal(asJson.code, 0, asJson.stderr);
    const { ir, notes } = JSON.parse(asJson.stdout);
    assert.equal(ir.steps.length, 4);
    assert.ok(notes.length > 0);
    const yaml = await cli(['import', FIXTURE, '--from', 'kfp']);
    assert.equal(parse(yaml.stdout).kind, 'Pipeline');
  });

  test('a lightweight Python pipeline is refused as a sentence with the way out', async () => {
    const r = await cli(['import', IRIS, '--from', 'kfp']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: Cannot import KFP pipeline "iris-training-pipeline": components "comp-create-dataset"/);
    assert.match(r.stderr, /@dsl\.container_component/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });

  test('a missing file and an unknown source', async () => {
    const missing = await cli(['import', '/nonexistent/spec.yaml', '--from', 'kfp']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read \/nonexistent\/spec\.yaml: no such file/);
    const unknown = await cli(['import', FIXTURE, '--from', 'airflow']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /airflow/);
  });
});
