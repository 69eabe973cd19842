/**
 * Linear regression (squared loss) and logistic regression (binary, or multinomial softmax) as a
 * built-in `Algorithm`. The objective, with sᵢ the row weights and penalties on weights only:
 *
 *   F(θ) = Σᵢ sᵢ·ℓ(yᵢ, zᵢ) / Σᵢ sᵢ + ½·l2·‖w‖² + l1·‖w‖₁
 *
 * so scikit-learn's `LogisticRegression(C=…)` is l2 = 1/(C·Σᵢ sᵢ) and `Ridge(alpha=…)` is
 * l2 = alpha/Σᵢ sᵢ. Solvers: the exact normal equations for squared loss without L1 (the linear
 * learner's Cholesky), L-BFGS otherwise (OWL-QN with L1), or fixed-step proximal gradient when
 * `learnRate` is set. No randomness: the seed does not change the model.
 */
import { checkOptions, checkTrainInput, RULES } from '../check-input.js';
import type { Algorithm, LinearOptions, Task, Trained, TrainInput } from '../estimator.js';
import { solveRidge } from '../linear-learner/ridge.js';
import { TrainingHistory } from '../training-history.js';
import { descendFixedStep } from './fixed-step.js';
import { dataLoss, type GlmData, type GlmShape, glmData, reportedLoss } from './glm-loss.js';
import { type GlmModel, glmOutputs, predictGlm } from './glm-model.js';
import { type MinimiseOptions, minimise } from './lbfgs.js';

export const glm: Algorithm<LinearOptions, GlmModel> = {
  name: 'linear',
  tasks: ['regression', 'classification'],
  train: trainGlm,
  predict: predictGlm,
  outputs: glmOutputs,
};

async function trainGlm(input: TrainInput<LinearOptions>): Promise<Trained<GlmModel>> {
  checkTrainInput(input, 'A linear model', glm.tasks);
  const { options } = input;
  checkLinearOptions(options);
  const shape = shapeOf(input.task, input.x.cols, options.fitIntercept);
  const data = glmData(input.x, input.y as Float64Array, input.weights);
  const held = input.eval ? glmData(input.eval.x, input.eval.y as Float64Array) : undefined;
  const history = new TrainingHistory({ ...options, onIteration: input.onIteration, signal: input.signal });
  const evalLoss = (theta: Float64Array) => held && reportedLoss(shape, held, theta);
  if (shape.link === 'identity' && options.l1 === 0 && options.learnRate === undefined) {
    const theta = exactRidge(shape, data, options.l2);
    await history.record(reportedLoss(shape, data, theta), evalLoss(theta));
    return { model: toModel(shape, theta), history: history.reports };
  }
  const theta = await solveIteratively(shape, data, options, history, evalLoss);
  return { model: toModel(shape, theta), history: history.reports };
}

/** L-BFGS / OWL-QN, or fixed steps when `learnRate` is set, from θ = 0; each iteration recorded. */
async function solveIteratively(
  shape: GlmShape,
  data: GlmData,
  options: LinearOptions,
  history: TrainingHistory,
  evalLoss: (theta: Float64Array) => number | undefined,
): Promise<Float64Array> {
  const penalised = new Uint8Array(shape.k * (shape.d + 1)).fill(1);
  for (let c = 0; c < shape.k; c++) penalised[c * (shape.d + 1) + shape.d] = 0;
  const l2 = options.l2;
  // Both solvers end an iteration having just evaluated f at the new point: its data loss is the
  // iteration's training loss, with no extra pass over the rows.
  let lastLoss = Number.NaN;
  const f = (theta: Float64Array, grad: Float64Array) => {
    lastLoss = dataLoss(shape, data, theta, grad);
    let value = lastLoss;
    for (let j = 0; j < theta.length; j++) {
      if (!penalised[j]) continue;
      value += 0.5 * l2 * theta[j] * theta[j];
      grad[j] += l2 * theta[j];
    }
    return value;
  };
  const solverOptions: MinimiseOptions = {
    l1: options.l1,
    penalised,
    maxIterations: options.maxIterations,
    afterIteration: (_iteration, theta) =>
      history.record(shape.link === 'identity' ? 2 * lastLoss : lastLoss, evalLoss(theta), options.learnRate),
  };
  const start = new Float64Array(penalised.length);
  const { theta } =
    options.learnRate === undefined
      ? await minimise(f, start, solverOptions)
      : await descendFixedStep(f, start, options.learnRate, solverOptions);
  return theta;
}

function shapeOf(task: Task, d: number, fitIntercept: boolean): GlmShape {
  if (task.kind === 'regression') return { link: 'identity', d, k: 1, fitIntercept };
  const classes = task.kind === 'classification' ? task.classes : 2;
  return classes === 2 ? { link: 'logit', d, k: 1, fitIntercept } : { link: 'softmax', d, k: classes, fitIntercept };
}

function exactRidge(shape: GlmShape, data: GlmData, l2: number): Float64Array {
  const { x, y, weights } = data;
  const fit = solveRidge({
    loss: 'squared',
    n: x.rows,
    d: x.cols,
    x: x.data,
    y,
    rowWeights: weights,
    useBias: shape.fitIntercept,
    wd: l2,
    l1: 0,
  });
  const theta = new Float64Array(shape.d + 1);
  theta.set(fit.w);
  theta[shape.d] = fit.b;
  return theta;
}

function toModel(shape: GlmShape, theta: Float64Array): GlmModel {
  const { d, k } = shape;
  const weights: number[] = [];
  const intercepts: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) weights.push(theta[c * (d + 1) + j]);
    intercepts.push(theta[c * (d + 1) + d]);
  }
  return { kind: 'glm', link: shape.link, features: d, weights, intercepts };
}

function checkLinearOptions(o: LinearOptions): void {
  checkOptions(
    'linear model',
    o,
    {
      l1: RULES.atLeast0,
      l2: RULES.atLeast0,
      maxIterations: RULES.whole1,
      minRelProgress: RULES.atLeast0,
      learnRate: RULES.above0,
    },
    ['learnRate'],
  );
}
