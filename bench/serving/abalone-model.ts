/**
 * The abalone model the serving bench serves: Godwit's linear learner trained on
 * examples/abalone/data (sex one-hot, the seven measurements, rings as the label), in a folder of
 * the caller's, plus feature rows to send as requests (10 features, no label).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainLinearLearner } from '../../src/ml/linear-learner.js';

const DATA = fileURLToPath(new URL('../../examples/abalone/data/abalone.csv', import.meta.url));
const SEXES = ['F', 'I', 'M'];

export interface AbaloneModel {
  readonly modelDir: string;
  /** CSV feature rows (no label), one per line without the newline. */
  readonly rows: readonly string[];
}

export async function trainAbalone(dir: string): Promise<AbaloneModel> {
  const lines = (await readFile(DATA, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const labelled: string[] = [];
  const rows: string[] = [];
  for (const line of lines) {
    const [sex, ...rest] = line.split(',');
    const rings = rest.pop();
    const features = [...SEXES.map((s) => (s === sex ? '1' : '0')), ...rest].join(',');
    labelled.push(`${rings},${features}`);
    rows.push(features);
  }
  const train = join(dir, 'train');
  await mkdir(train, { recursive: true });
  await writeFile(join(train, 'train.csv'), `${labelled.join('\n')}\n`);
  const modelDir = join(dir, 'model');
  await trainLinearLearner({ channels: { train }, hyperparameters: { predictor_type: 'regressor' }, modelDir, log: () => {} });
  return { modelDir, rows };
}
