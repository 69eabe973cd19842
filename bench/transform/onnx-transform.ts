/**
 * Batch transform over the ONNX runtime beside the baseline of calling onnxruntime-node directly:
 * the same files, cut into the same ~6 MB mini-batches, parsed, scored and written as `.out`
 * files by a plain loop. The ratio is what Godwit's job machinery (splitting, batching, the
 * runtime's request/response formats, the slot pool) costs. CPU time is the whole process's.
 *
 *   node --conditions=godwit-source --import tsx bench/transform/onnx-transform.ts
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { godwitHome } from '../../src/core/home.js';
import { parseNumericCsv } from '../../src/ml/csv.js';
import { onnxRuntime } from '../../src/serving/runtimes/onnx-runtime.js';
import { MEGABYTE, miniBatches, splitRecords } from '../../src/serving/transform/mini-batches.js';
import { runTransformJob } from '../../src/serving/transform/transform-job.js';
import { writeLinearModel } from '../../test/serving/onnx-models.js';

const ROWS = Number(process.env.ROWS ?? 200_000);
const FILES = 4;
const FEATURES = 8;
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-transform-'));

function setup(): { model: string; input: string } {
  const model = join(root, 'model');
  mkdirSync(model);
  writeLinearModel(model, {
    weights: Array.from({ length: FEATURES }, (_, i) => (i % 3) - 1 + i / 10),
    bias: 0.5,
    logistic: true,
  });
  const input = join(root, 'in');
  mkdirSync(input);
  let seed = 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31).toFixed(6);
  };
  for (let f = 0; f < FILES; f++) {
    const lines: string[] = [];
    for (let r = 0; r < ROWS / FILES; r++) lines.push(Array.from({ length: FEATURES }, rand).join(','));
    writeFileSync(join(input, `part-${f}.csv`), `${lines.join('\n')}\n`);
  }
  return { model, input };
}

async function measure(label: string, work: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`  ${label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0).padStart(6)} ms CPU`);
  return { ms, cpuMs };
}

/** The baseline: the same batches straight into one onnxruntime session, written as Godwit writes them. */
async function direct(model: string, input: string, output: string): Promise<void> {
  const session = await ort.InferenceSession.create(join(model, 'model.onnx'), { intraOpNumThreads: 1 });
  mkdirSync(output, { recursive: true });
  for (const name of readdirSync(input)) {
    const records = splitRecords(readFileSync(join(input, name)), 'Line');
    const parts: string[] = [];
    for (const batch of miniBatches(records, 'MultiRecord', 6, name)) {
      const table = parseNumericCsv(batch.body.toString('utf8'), name);
      const x = new ort.Tensor('float32', Float32Array.from(table.data), [table.rows, table.cols]);
      const out = await session.run({ X: x });
      const score = out.score.data as Float32Array;
      const probability = out.probability.data as Float32Array;
      for (let r = 0; r < table.rows; r++) parts.push(`${score[r]},${probability[r]}\n`);
    }
    writeFileSync(join(output, `${name}.out`), parts.join(''));
  }
  await session.release();
}

async function godwit(model: string, input: string, output: string, instanceCount: number, maxConcurrentTransforms: number) {
  const home = godwitHome(join(root, 'home'));
  await runTransformJob({
    input,
    output,
    options: { instanceCount, maxConcurrentTransforms },
    startInstance: () => onnxRuntime.start({ container: {}, modelDir: model, home, workDir: root }),
  });
}

async function main(): Promise<void> {
  const { model, input } = setup();
  const bytes = readdirSync(input).reduce((n, f) => n + readFileSync(join(input, f)).length, 0);
  console.log(
    `${ROWS} records × ${FEATURES} features in ${FILES} files (${(bytes / MEGABYTE).toFixed(1)} MB), Node ${process.version}`,
  );
  for (let round = 1; round <= 2; round++) {
    console.log(`round ${round}`);
    const base = await measure('onnxruntime-node directly', () => direct(model, input, join(root, 'direct')));
    const one = await measure('godwit transform, 1 instance × 1', () => godwit(model, input, join(root, 'g1'), 1, 1));
    const four = await measure('godwit transform, 2 instances × 2', () => godwit(model, input, join(root, 'g4'), 2, 2));
    console.log(
      `  throughput vs direct: ${(base.ms / one.ms).toFixed(2)}× (1×1), ${(base.ms / four.ms).toFixed(2)}× (2×2); CPU ${(one.cpuMs / base.cpuMs).toFixed(2)}× (1×1)`,
    );
  }
  const same =
    readFileSync(join(root, 'direct', 'part-0.csv.out'), 'utf8').split('\n').length ===
    readFileSync(join(root, 'g1', 'part-0.csv.out'), 'utf8').split('\n').length;
  console.log(`outputs have the same line counts: ${same}`);
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
