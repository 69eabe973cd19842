import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { PipelineIR, ProcessingStep } from '../../src/pipeline/ir.js';
import { loadPipelineFile } from '../../src/pipeline/load.js';
import { validatePipeline } from '../../src/pipeline/validate.js';
import { scratchDir } from '../helpers/scratch.js';

const N = 20_000;

/** s0 → s1 → … → s19999, and with `closed` also s19999 → s0. */
function chain(closed = false): PipelineIR {
  const steps: ProcessingStep[] = [];
  for (let i = 0; i < N; i++) {
    const dependsOn = i > 0 ? [`s${i - 1}`] : closed ? [`s${N - 1}`] : undefined;
    steps.push({ name: `s${i}`, type: 'processing', process: { command: ['true'] }, inputs: [], outputs: [], dependsOn });
  }
  return { apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'long', parameters: [], steps };
}

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('a 20,000-step chain', () => {
  test('validates (the cycle check walks without recursion)', () => {
    assert.deepEqual(validatePipeline(chain()), []);
  });

  test('closed into a cycle: one problem naming the cycle by its ends', () => {
    const problems = validatePipeline(chain(true));
    assert.equal(problems.length, 1, JSON.stringify(problems).slice(0, 500));
    assert.equal(problems[0].step, 's0');
    assert.equal(problems[0].field, 'dependencies');
    assert.match(
      problems[0].message,
      /^20000 steps form a cycle: s0 → s1 → .* → s9 → … 19981 more … → s19991 → .* → s19999 → s0 /,
    );
    assert.ok(problems[0].message.length < 600, problems[0].message);
  });

  test('godwit validate and godwit compile --target ir load it from a file', async () => {
    const file = join(scratchDir('godwit-long-'), 'pipeline.json');
    writeFileSync(file, JSON.stringify(chain()));
    assert.equal((await loadPipelineFile(file)).ir.steps.length, N);
    const out = sink();
    const err = sink();
    const io = { stdout: out.stream, stderr: err.stream, cwd: process.cwd(), env: {} };
    assert.equal(await main(['compile', file, '--target', 'ir'], io), 0, err.text());
    const ir = JSON.parse(out.text()) as PipelineIR;
    assert.equal(ir.steps.length, N);
    assert.deepEqual(ir.steps[N - 1].dependsOn, [`s${N - 2}`]);
  });
});

describe('cycles stay named in full when short', () => {
  test('a 20-step cycle lists every step', () => {
    const ir = chain(true);
    const steps = ir.steps.slice(0, 20).map((s, i) => ({ ...s, dependsOn: [`s${(i + 19) % 20}`] }));
    const [problem] = validatePipeline({ ...ir, steps });
    assert.match(problem.message, /^steps "s0", "s1", .*"s19" form a cycle: s0 → s1 → .* → s19 → s0 /);
  });
});
