/**
 * `godwit compile --target stepfunctions -o X.asl.json` writes the files the document names as
 * `X.asl.uploads.json`; the one committed beside examples/abalone/abalone.asl.json is what compile
 * writes; `godwit run` on an ASL file points at `godwit workflows run`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readUploadsFile, uploadsFileOf } from '../../../src/cli/commands/workflow-uploads.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ABALONE = join(ROOT, 'examples/abalone');

/** Each upload with its local path made absolute (from the uploads file's folder). */
const absolute = (file: string, uploads: { local: string; uri: string }[]) =>
  uploads.map((u) => ({ local: resolve(dirname(file), u.local), uri: u.uri }));

describe('workflow uploads', () => {
  test('compile -o writes X.asl.uploads.json, paths relative to it; the abalone one is current', async () => {
    const dir = scratchDir('godwit-sfn-uploads-');
    const out = join(dir, 'nested', '..', 'abalone.asl.json');
    const r = await cli(['compile', join(ABALONE, 'pipeline.ts'), '--target', 'stepfunctions', '-o', out], {}, ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Wrote .*abalone\.asl\.uploads\.json/);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(join(ABALONE, 'abalone.asl.json'), 'utf8'));
    const written = await readUploadsFile(out);
    assert.ok(written.some((u) => u.local.endsWith('steps/preprocess.mjs') && u.uri.endsWith('/preprocess.mjs')));
    const committed = join(ABALONE, 'abalone.asl.json');
    assert.deepEqual(absolute(out, written), absolute(committed, await readUploadsFile(committed)));
    for (const u of absolute(committed, await readUploadsFile(committed))) assert.ok(readFileSync(u.local).length > 0, u.local);
  });

  test('the uploads file is named after the document; a malformed one is a sentence', async () => {
    assert.equal(uploadsFileOf('a/x.asl.json'), 'a/x.asl.uploads.json');
    assert.equal(uploadsFileOf('x.json'), 'x.asl.uploads.json');
    const dir = scratchDir('godwit-sfn-uploads-');
    assert.deepEqual(await readUploadsFile(join(dir, 'none.asl.json')), []);
    writeFileSync(join(dir, 'bad.asl.uploads.json'), '{"local": "x"}');
    await assert.rejects(readUploadsFile(join(dir, 'bad.asl.json')), /is not a list of \{ "local": PATH, "uri": URI \} uploads/);
  });

  test('godwit run on an ASL file answers with the workflows run line', async () => {
    const r = await cli(['run', 'examples/abalone/abalone.asl.json'], {}, ROOT);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Step Functions state machine.*not a pipeline/);
    assert.match(r.stderr, /godwit workflows run examples\/abalone\/abalone\.asl\.json/);
  });
});
