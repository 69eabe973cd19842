/** Small real models for the recommender's tests: a linear learner and an XGBoost model of stumps. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelTarget } from '../../src/recommend/model-target.js';
import { scratchDir } from '../helpers/scratch.js';
import { writeRegressor } from '../serving/linear-fixture.js';
import { xgboostDocument, xgboostModelDir } from '../serving/model-fixtures.js';

/** An XGBoost regressor over 4 features (one stump per feature), served by the worker-thread runtime. */
export function xgboostTarget(): { dir: string; target: ModelTarget } {
  const doc = xgboostDocument({
    objective: 'reg:squarederror',
    baseScore: 0.5,
    numFeature: 4,
    trees: [0, 1, 2, 3].map((feature) => ({ feature, threshold: 0.5, left: -0.25, right: 0.25 })),
  });
  const dir = xgboostModelDir(scratchDir('godwit-recommend-xgb-'), doc);
  return { dir, target: { containers: [{ modelDataUrl: `${pathToFileURL(dir).href}/` }], resolved: dir } };
}

/** A linear learner `x·[1,2,3] + 0.5`, scored on the host's thread. */
export async function linearTarget(): Promise<{ dir: string; target: ModelTarget }> {
  const dir = await writeRegressor([1, 2, 3], 0.5);
  return { dir, target: { containers: [{ modelDataUrl: `${pathToFileURL(dir).href}/` }], resolved: dir } };
}

/** A CSV payload file with these lines, in a fresh folder. */
export function payloadFile(lines: readonly string[], name = 'samples.csv'): string {
  const path = join(scratchDir('godwit-recommend-payload-'), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
