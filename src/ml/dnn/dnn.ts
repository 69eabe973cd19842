/**
 * A small feed-forward network as a built-in `Algorithm` (BigQuery ML's DNN_CLASSIFIER and
 * DNN_REGRESSOR): `hiddenUnits` dense layers with one activation, a softmax output (one unit per
 * class, binary included) or a linear one, Glorot-uniform weights and zero biases (TensorFlow's
 * defaults), Adam on shuffled mini-batches, inverted dropout on hidden outputs, L1/L2 on weights.
 * An iteration is an epoch; its training loss is the weighted mean of the epoch's batch losses
 * (as Keras reports it: with dropout, while the weights move), its evaluation loss a full pass
 * over the eval rows. The seed drives initialisation, shuffling and dropout, in that order.
 */
import { checkOptions, checkTrainInput, inputError, RULES } from '../check-input.js';
import type { Algorithm, DnnOptions, Matrix, Trained, TrainInput } from '../estimator.js';
import { seededRandom, shuffleInPlace } from '../random.js';
import { TrainingHistory } from '../training-history.js';
import { ACTIVATIONS } from './activations.js';
import { Adam } from './adam.js';
import { backward, gradients } from './backprop.js';
import { type DnnModel, dnnOutputs, predictDnn, predictNetwork, toModel } from './dnn-model.js';
import { buffers, forwardPass, type Network } from './network.js';

export const dnn: Algorithm<DnnOptions, DnnModel> = {
  name: 'dnn',
  tasks: ['regression', 'classification'],
  train: trainDnn,
  predict: predictDnn,
  outputs: dnnOutputs,
};

async function trainDnn(input: TrainInput<DnnOptions>): Promise<Trained<DnnModel>> {
  checkTrainInput(input, 'A neural network', dnn.tasks);
  const { x, task, options } = input;
  checkDnnOptions(options);
  const random = seededRandom(input.seed);
  const outputs = task.kind === 'classification' ? task.classes : 1;
  const net = initialise(x.cols, options, outputs, task.kind === 'classification' ? 'softmax' : 'linear', random);
  const epoch = epochRunner(net, input, random);
  const history = new TrainingHistory({ ...options, onIteration: input.onIteration, signal: input.signal });
  for (let n = 1; n <= options.maxIterations; n++) {
    const loss = epoch();
    if (!Number.isFinite(loss)) {
      throw inputError(
        `Training diverged: with learn_rate ${options.learnRate} the loss became ${loss} in epoch ${n}.`,
        'Use a smaller learn_rate, or standardise the features and the regression target.',
      );
    }
    const held = input.eval && meanLoss(net, input.eval.x, input.eval.y as Float64Array);
    if (await history.record(loss, held, options.learnRate)) break;
  }
  return { model: toModel(net, x.cols), history: history.reports };
}

/** One epoch per call: shuffle, then forward, backward and an Adam step per mini-batch; returns the epoch's loss. */
function epochRunner(net: Network, input: TrainInput<DnnOptions>, random: () => number): () => number {
  const { x, options, weights } = input;
  const y = input.y as Float64Array;
  const rows = Math.min(options.batchSize, x.rows);
  const buf = buffers(net, rows);
  const grads = gradients(net, rows);
  const params = net.layers.flatMap((l) => [l.w, l.b]);
  const gradArrays = net.layers.flatMap((_, l) => [grads.w[l], grads.b[l]]);
  const penalised = net.layers.flatMap(() => [true, false]);
  const adam = new Adam(
    params.map((p) => p.length),
    options.learnRate,
    options.l1,
    options.l2,
  );
  const batch = { x: new Float64Array(rows * x.cols), y: new Float64Array(rows), s: new Float64Array(rows), m: 0, weight: 0 };
  const order = Int32Array.from({ length: x.rows }, (_, i) => i);
  const dropout = options.dropout > 0 ? { rate: options.dropout, random } : undefined;
  return () => {
    shuffleInPlace(order, random);
    let lossSum = 0;
    let weightSum = 0;
    for (let start = 0; start < x.rows; start += rows) {
      fillBatch(batch, x, y, weights, order, start, Math.min(rows, x.rows - start));
      forwardPass(net, batch.x, batch.m, buf, dropout);
      lossSum += backward(net, batch, buf, grads, dropout !== undefined);
      weightSum += batch.weight;
      adam.step(params, gradArrays, penalised);
    }
    return lossSum / weightSum;
  };
}

function fillBatch(
  batch: { x: Float64Array; y: Float64Array; s: Float64Array; m: number; weight: number },
  x: Matrix,
  y: Float64Array,
  weights: Float64Array | undefined,
  order: Int32Array,
  start: number,
  m: number,
): void {
  const d = x.cols;
  let weight = 0;
  for (let r = 0; r < m; r++) {
    const row = order[start + r];
    batch.x.set(x.data.subarray(row * d, (row + 1) * d), r * d);
    batch.y[r] = y[row];
    batch.s[r] = weights ? weights[row] : 1;
    weight += batch.s[r];
  }
  batch.m = m;
  batch.weight = weight;
}

/** Glorot-uniform weights, limit √(6 / (inputs + units)), and zero biases. */
function initialise(features: number, o: DnnOptions, outputs: number, output: Network['output'], random: () => number): Network {
  const sizes = [features, ...o.hiddenUnits, outputs];
  const layers = sizes.slice(1).map((units, l) => {
    const inputs = sizes[l];
    const limit = Math.sqrt(6 / (inputs + units));
    const w = Float64Array.from({ length: inputs * units }, () => (2 * random() - 1) * limit);
    return { inputs, units, w, b: new Float64Array(units) };
  });
  return { activation: o.activation, output, layers };
}

/** Mean cross-entropy (softmax) or mean squared error (linear) over every row, without dropout. */
function meanLoss(net: Network, x: Matrix, y: Float64Array): number {
  if (x.rows === 0) return Number.NaN;
  const p = predictNetwork(net, x);
  const k = p.length / x.rows;
  let sum = 0;
  for (let i = 0; i < x.rows; i++) {
    sum += net.output === 'linear' ? (p[i] - y[i]) ** 2 : -Math.log(Math.max(p[i * k + y[i]], Number.MIN_VALUE));
  }
  return sum / x.rows;
}

function checkDnnOptions(o: DnnOptions): void {
  const units = o.hiddenUnits;
  if (!Array.isArray(units) || !units.every((u) => Number.isInteger(u) && u >= 1)) {
    throw inputError(
      `Option hiddenUnits is ${JSON.stringify(units)}.`,
      'hiddenUnits lists whole numbers ≥ 1, one per hidden layer (it may be empty).',
    );
  }
  if (!ACTIVATIONS.includes(o.activation))
    throw inputError(`Option activation is ${String(o.activation)}.`, `activation is one of ${ACTIVATIONS.join(', ')}.`);
  checkOptions('network', o, {
    batchSize: RULES.whole1,
    dropout: [(v) => v >= 0 && v < 1, 'a number in [0, 1)'],
    learnRate: RULES.above0,
    maxIterations: RULES.whole1,
    l1: RULES.atLeast0,
    l2: RULES.atLeast0,
    minRelProgress: RULES.atLeast0,
  });
}
