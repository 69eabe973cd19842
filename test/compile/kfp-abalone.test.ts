import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import abalone from '../../examples/abalone/pipeline.js';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';

describe('abalone on KFP', () => {
  test('compiles with a warning: KFP cannot express the cache expiry of "train", so its caching is off', () => {
    const result = compileKfp(abalone.ir, BUILTIN_PROFILES.gcp);
    assert.deepEqual(
      result.warnings.map((w) => w.step),
      ['train'],
    );
    assert.match(result.warnings[0].message, /cache expiry P30D cannot be expressed .* caching is off for this step/);
    const doc = result.document as { root: { dag: { tasks: Record<string, { cachingOptions?: object }> } } };
    assert.deepEqual(doc.root.dag.tasks.train.cachingOptions, {});
  });

  // The golden file, examples/abalone/abalone.kfp.yaml, is checked by test/golden/compile-golden.test.ts.
  test('lists the local files to upload for the gcp profile', () => {
    const result = compileKfp(abalone.ir, BUILTIN_PROFILES.gcp);
    assert.equal(result.format, 'yaml');
    assert.deepEqual(
      result.uploads.map((u) => [u.local, u.uri]),
      [
        ['data/abalone.csv', 'gs://my-project-godwit/godwit/abalone/parameters/input_data/abalone.csv'],
        ['steps/preprocess.mjs', 'gs://my-project-godwit/godwit/abalone/code/preprocess/preprocess.mjs'],
        ['steps/evaluate.mjs', 'gs://my-project-godwit/godwit/abalone/code/evaluate/evaluate.mjs'],
      ],
    );
  });
});
