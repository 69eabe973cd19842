/**
 * The reverse trip: every golden case (and the abalone example) compiled to a SageMaker definition
 * by Godwit's compiler, imported back with its code fetched from a real S3 server, has the IR
 * shape it started from: the same parameters, steps, step kinds, references, branches, ordering,
 * retry, cache, timeouts, inputs, outputs and property files. What the trip cannot keep is said
 * per case (`sql` steps come back as the processing jobs they compile to).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { importSageMakerDefinition } from '../../src/import/sagemaker/index.js';
import type { PipelineIR, StepIR } from '../../src/pipeline/ir.js';
import { refsInStep } from '../../src/pipeline/walk.js';
import { type StoreOptions, storeForUri } from '../../src/store/index.js';
import { ROOT } from '../golden/golden-file.js';
import { startS3rver } from '../helpers/s3-server.js';

const GOLDEN = join(ROOT, 'test/golden');
const CASES = [
  ...readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.ir.json'))
    .sort()
    .map((f) => join(GOLDEN, f)),
  join(ROOT, 'examples/abalone/abalone.ir.json'),
];
/** Cases the SageMaker compiler refuses (their `.sagemaker.refused.txt` says why): nothing to import. */
const REFUSED = new Set(['retry-on-failure', 'vertex-contract']);
/** Cases whose steps compile to other kinds, so only the import is checked. */
const CHANGES_KIND = new Set(['sql']);
const BUCKET = 'sagemaker-us-east-1-123456789012';

/** What the trip must keep of a step. */
function shape(step: StepIR): unknown {
  const s = step as StepIR & Record<string, unknown>;
  const process = 'process' in step ? step.process : undefined;
  return {
    name: step.name,
    type: step.type,
    dependsOn: step.dependsOn ?? [],
    refs: [...refsInStep(step)].map(({ ref }) => JSON.stringify(ref)).sort(),
    then: s.then,
    else: s.else,
    condition: s.condition,
    message: s.message,
    retry: step.retry && { maxAttempts: step.retry.maxAttempts, backoff: step.retry.backoff },
    cache: step.cache,
    timeoutSeconds: step.timeoutSeconds,
    inputs: 'inputs' in step ? step.inputs.map((i) => i.name) : undefined,
    outputs: 'outputs' in step ? step.outputs.map((o) => o.name) : undefined,
    propertyFiles: s.propertyFiles,
    command: process?.command,
    code: process?.code === undefined ? undefined : basename(process.entryPoint ?? process.code),
    args: process?.args,
    env: process?.env,
    algorithm: s.algorithm,
    hyperparameters: s.hyperparameters,
    modelPackageGroup: s.modelPackageGroup,
    approvalStatus: s.approvalStatus,
    model: s.model,
    input: s.input,
  };
}

function pipelineShape(ir: PipelineIR): unknown {
  return { parameters: ir.parameters.map((p) => `${p.name}:${p.type}`), steps: ir.steps.map(shape) };
}

describe('Godwit → SageMaker definition → import: the same IR shape', () => {
  let store: StoreOptions;
  before(async () => {
    const s3 = await startS3rver([BUCKET]);
    store = { s3: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1' }, env: { ...s3.env } };
  });

  for (const file of CASES) {
    const name = basename(file, '.ir.json');
    if (REFUSED.has(name)) continue;
    test(name, async () => {
      const ir = JSON.parse(await readFile(file, 'utf8')) as PipelineIR;
      const compiled = compile(ir, 'sagemaker', BUILTIN_PROFILES.aws);
      // The code the definition points at, in S3 as `godwit submit` would put it.
      const bucket = await storeForUri(`s3://${BUCKET}`, store);
      for (const u of compiled.uploads) {
        const local = join(dirname(file), u.local);
        const bytes = existsSync(local) ? await readFile(local) : Buffer.from(`// ${u.local} of golden case ${name}\n`);
        await bucket.put(u.uri.slice(`s3://${BUCKET}/`.length), bytes);
      }
      const back = await importSageMakerDefinition(compiled.document, { name: ir.name, store });
      if (CHANGES_KIND.has(name)) {
        assert.ok(back.ir.steps.every((s) => s.type === 'processing'));
        return;
      }
      assert.deepEqual(pipelineShape(back.ir), pipelineShape(ir));
      for (const u of compiled.uploads.filter((x) => x.for.includes('process.code'))) {
        const fetched = Object.keys(back.files).find((k) => k.endsWith(`/${basename(u.local)}`));
        assert.ok(fetched, `${u.local} was fetched`);
      }
    });
  }
});
