/**
 * Proximal gradient descent with the caller's fixed step (BigQuery ML's `learn_rate` with
 * `learn_rate_strategy='CONSTANT'`): θ ← prox(θ − η·∇f(θ)), the proximal map of η·l1·|θⱼ| being
 * soft-thresholding. One full-batch step per iteration; the same contract as `minimise`.
 */
import { inputError } from '../check-input.js';
import { softThreshold } from '../linear-learner/proximal.js';
import { l1Term, type MinimiseOptions, type Minimum, type SmoothObjective } from './lbfgs.js';

export async function descendFixedStep(
  f: SmoothObjective,
  start: Float64Array,
  learnRate: number,
  options: MinimiseOptions,
): Promise<Minimum> {
  const { l1, penalised } = options;
  const theta = Float64Array.from(start);
  const grad = new Float64Array(theta.length);
  let value = f(theta, grad);
  let iteration = 0;
  while (iteration < options.maxIterations) {
    let change = 0;
    for (let j = 0; j < theta.length; j++) {
      const moved = theta[j] - learnRate * grad[j];
      const next = l1 > 0 && penalised[j] ? softThreshold(moved, learnRate * l1) : moved;
      change = Math.max(change, Math.abs(next - theta[j]));
      theta[j] = next;
    }
    value = f(theta, grad);
    if (!Number.isFinite(value)) {
      throw inputError(
        `Training diverged: with learn_rate ${learnRate} the loss became ${value} at iteration ${iteration + 1}.`,
        'Use a smaller learn_rate, or leave it unset so that a line search chooses each step.',
      );
    }
    iteration += 1;
    if (await options.afterIteration(iteration, theta)) break;
    if (change === 0) break;
  }
  return { theta, value: value + l1Term(theta, l1, penalised), iterations: iteration };
}
