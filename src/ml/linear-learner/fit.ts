/**
 * From a train dataset and resolved hyperparameters to fitted weights on the normalised scale:
 * scaler, problem and solver choice. `optimizer: auto` means an exact, deterministic solver.
 */
import { applyScaler, type Dataset, fitScaler, type Scaler } from './dataset.js';
import type { LinearLearnerHyperparameters } from './hyperparameters.js';
import { solveLogisticNewton } from './irls.js';
import type { Fit, Problem } from './objective.js';
import { solveProximal } from './proximal.js';
import { epochLine } from './report.js';
import { solveRidge } from './ridge.js';
import { solveFirstOrder } from './sgd.js';

export interface FitResult {
  readonly fit: Fit;
  readonly scaler: Scaler;
}

export function fitModel(train: Dataset, hp: LinearLearnerHyperparameters, host: string, log: (line: string) => void): FitResult {
  const classifier = hp.predictor_type === 'binary_classifier';
  const normalizeLabel = hp.normalize_label === 'auto' ? !classifier : hp.normalize_label;
  const scaler = fitScaler(train, { normalizeData: hp.normalize_data, normalizeLabel, center: hp.use_bias });
  const { x, y } = applyScaler(train, scaler);
  const problem: Problem = {
    loss: classifier ? 'logistic' : 'squared',
    n: train.n,
    d: train.d,
    x,
    y,
    rowWeights: classifier ? rowWeights(train.y, hp.positive_example_weight_mult) : undefined,
    useBias: hp.use_bias,
    wd: hp.wd,
    l1: hp.l1,
  };
  return { fit: solve(problem, hp, host, log), scaler };
}

function solve(p: Problem, hp: LinearLearnerHyperparameters, host: string, log: (line: string) => void): Fit {
  const name = solverName(hp);
  log(`Training linear-learner (${hp.predictor_type}) on ${p.n} rows × ${p.d} features with ${name}`);
  if (name === 'cholesky') return solveRidge(p);
  if (name === 'irls') return solveLogisticNewton(p);
  if (name === 'fista') return solveProximal(p);
  const optimizer = hp.optimizer === 'sgd' ? 'sgd' : 'adam';
  const lossName = p.loss === 'squared' ? 'mse' : 'binary_classification_cross_entropy';
  return solveFirstOrder(p, {
    optimizer,
    epochs: hp.epochs,
    learningRate: hp.learning_rate === 'auto' ? (optimizer === 'adam' ? 0.05 : 0.1) : hp.learning_rate,
    miniBatchSize: hp.mini_batch_size,
    momentum: hp.momentum,
    beta1: hp.beta_1,
    beta2: hp.beta_2,
    onEpoch: (epoch, _w, _b, value) => {
      log(epochLine(host, epoch, 'train', lossName, value));
      log(`#progress_metric: host=${host}, completed ${((100 * epoch) / hp.epochs).toFixed(1)} % of epochs`);
    },
  });
}

/** `auto` means exact: Cholesky for ridge, Newton for logistic, FISTA when l1 makes the objective non-smooth. */
export function solverName(hp: LinearLearnerHyperparameters): string {
  if (hp.optimizer !== 'auto') return hp.optimizer;
  if (hp.l1 > 0) return 'fista';
  return hp.predictor_type === 'regressor' ? 'cholesky' : 'irls';
}

function rowWeights(labels: Float64Array, mult: number | 'balanced'): Float64Array | undefined {
  if (mult === 1) return undefined;
  const positives = labels.reduce((sum, v) => sum + v, 0);
  const factor = mult === 'balanced' ? (positives === 0 ? 1 : (labels.length - positives) / positives) : mult;
  return labels.map((v) => (v === 1 ? factor : 1));
}
