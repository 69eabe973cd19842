/**
 * XGBoost's objectives as prediction sees them: how the saved `base_score` becomes a margin
 * (`ProbToMargin`) and how a margin becomes the prediction (`PredTransform`), in float32 as
 * XGBoost computes them (`1.0f / (1.0f + expf(-x))`), so Godwit rounds to float32 at each step.
 */
const f = Math.fround;

export type Transform = 'identity' | 'sigmoid' | 'exp' | 'softmax' | 'argmax' | 'hinge';

interface Objective {
  readonly transform: Transform;
  readonly margin: 'identity' | 'logit' | 'log';
}

const identity: Objective = { transform: 'identity', margin: 'identity' };
const logistic: Objective = { transform: 'sigmoid', margin: 'logit' };
const exponential: Objective = { transform: 'exp', margin: 'log' };

export const OBJECTIVES: Readonly<Record<string, Objective>> = {
  'reg:squarederror': identity,
  'reg:linear': identity,
  'reg:squaredlogerror': identity,
  'reg:pseudohubererror': identity,
  'reg:absoluteerror': identity,
  'reg:quantileerror': identity,
  'reg:logistic': logistic,
  'binary:logistic': logistic,
  'binary:logitraw': identity,
  'binary:hinge': { transform: 'hinge', margin: 'identity' },
  'count:poisson': exponential,
  'reg:gamma': exponential,
  'reg:tweedie': exponential,
  'survival:cox': exponential,
  'survival:aft': exponential,
  'multi:softprob': { transform: 'softmax', margin: 'identity' },
  'multi:softmax': { transform: 'argmax', margin: 'identity' },
  'rank:pairwise': identity,
  'rank:ndcg': identity,
  'rank:map': identity,
};

/** The margin every prediction starts from, given the saved `base_score`. */
export function baseMargin(objective: string, baseScore: number): number {
  const kind = OBJECTIVES[objective]?.margin ?? 'identity';
  if (kind === 'logit') return f(-Math.log(f(f(1 / f(baseScore)) - 1)));
  if (kind === 'log') return f(Math.log(f(baseScore)));
  return f(baseScore);
}

/**
 * Turns the `width` margins of one row, in place from `out[at]`, into predictions. Multi-class
 * `argmax` writes the class index into the row's first slot and is the only one to shrink it.
 */
export function transformRow(transform: Transform, out: Float64Array, at: number, width: number): void {
  if (transform === 'identity') return;
  if (transform === 'softmax' || transform === 'argmax') return softmaxRow(transform, out, at, width);
  for (let i = at; i < at + width; i++) {
    const x = out[i];
    if (transform === 'sigmoid') out[i] = f(1 / f(1 + f(Math.exp(-x))));
    else if (transform === 'exp') out[i] = f(Math.exp(x));
    else out[i] = x > 0 ? 1 : 0;
  }
}

function softmaxRow(transform: Transform, out: Float64Array, at: number, width: number): void {
  let best = at;
  for (let i = at + 1; i < at + width; i++) if (out[i] > out[best]) best = i;
  if (transform === 'argmax') {
    out[at] = best - at;
    return;
  }
  const max = out[best];
  let sum = 0;
  for (let i = at; i < at + width; i++) {
    out[i] = f(Math.exp(f(out[i] - max)));
    sum = f(sum + out[i]);
  }
  for (let i = at; i < at + width; i++) out[i] = f(out[i] / sum);
}
