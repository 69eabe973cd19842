/**
 * The synthetic binary classification data of the logistic-regression figure, generated
 * deterministically (seeded mulberry32, Box–Muller): `cols` standard-normal features, half of
 * them mixed with their neighbour so that the problem is correlated, and a label drawn from a
 * logistic model with a known weight vector, so the classes overlap as real data does.
 * Written as headerless CSV with the label first (SageMaker's format, which `readNumericCsv` reads).
 */
import { writeFile } from 'node:fs/promises';
import type { Matrix } from '../../src/ml/estimator.js';
import { seededRandom } from '../../src/ml/random.js';

export interface Labelled {
  readonly x: Matrix;
  readonly y: Float64Array;
}

/** Rows drawn with `seed` from one fixed model, so a train and a test set with two seeds match. */
export function syntheticBinary(rows: number, cols: number, seed: number): Labelled {
  const normalFrom = (random: () => number) => () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const fixed = normalFrom(seededRandom(20261206));
  const truth = Float64Array.from({ length: cols }, (_, j) => (j % 3 === 2 ? 0 : fixed()));
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    let z = 0.3;
    for (let j = 0; j < cols; j++) {
      const v = normal() * (1 + (j % 4));
      data[off + j] = j % 2 === 1 ? 0.6 * data[off + j - 1] + v : v;
      z += (truth[j] * data[off + j]) / (1 + (j % 4));
    }
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: { rows, cols, data }, y };
}

/** Headerless CSV, label first, numbers written in full (round-trip) precision. */
export async function writeLabelledCsv(file: string, { x, y }: Labelled): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < x.rows; i++) {
    const cells = [String(y[i])];
    for (let j = 0; j < x.cols; j++) cells.push(String(x.data[i * x.cols + j]));
    lines.push(cells.join(','));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}
