import { spawnSync } from 'node:child_process';
import { PYTHON } from '../../helpers/boto3.js';

/** Why scikit-learn cannot be the oracle here, or `undefined` when it can. */
const sklearnMissing = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} cannot import sklearn (apt-get install python3-sklearn)`;
})();

/** Skip reason on a machine without scikit-learn; on CI (`CI=true`) the tests run, and fail. */
export const skipWithoutSklearn: string | false = sklearnMissing && process.env.CI !== 'true' ? sklearnMissing : false;

/** Runs `script` with `input` as JSON on stdin (`data`) and returns what it prints as JSON. */
export function python(script: string, input: unknown): Record<string, unknown> {
  const prelude = 'import json, sys\nimport numpy as np\nfrom sklearn import metrics as M\ndata = json.load(sys.stdin)\n';
  const r = spawnSync(PYTHON, ['-c', prelude + script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** A small seeded generator, so each test's data is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
