import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDemoPipeline } from '../../src/cli/commands/demo.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';

const ABALONE = fileURLToPath(new URL('../../examples/abalone/pipeline.ts', import.meta.url));

test('the demo runs the IR the example compiles to, recorded as the example TypeScript file', async () => {
  const [demo, compiled] = await Promise.all([loadDemoPipeline(), loadPipelineFile(ABALONE)]);
  assert.deepEqual(demo.ir, compiled.ir);
  assert.equal(demo.file, ABALONE, 'the run records pipeline.ts as its file');
  assert.equal(demo.baseDir, compiled.baseDir);
  // The IR file holds no code: the example must keep having no in-process function steps.
  assert.equal(compiled.functions.size, 0);
  assert.equal(demo.functions.size, 0);
});
