/**
 * Class weights folded into row weights: `auto_class_weights = TRUE` weighs each class by the
 * inverse of its frequency (n / (classes × count), BigQuery's "balanced" weights);
 * `class_weights = [('label', w), …]` gives them (a class left out weighs 1). Setting both is an
 * error, as in BigQuery.
 */
import { GodwitError } from '../../core/errors.js';
import type { LabelInfo } from './bqml-model.js';
import type { ModelOptions } from './bqml-options.js';

export function classWeights(options: ModelOptions, label: LabelInfo, y: Float64Array): Float64Array | undefined {
  const classes = label.classes ?? [];
  const given = options.class_weights;
  const auto = options.auto_class_weights === true;
  if (auto && Array.isArray(given))
    throw new GodwitError('E_BQML_OPTION', 'auto_class_weights = TRUE and class_weights cannot both be set.', {
      hint: 'Keep one: automatic (inverse frequency) weights, or the weights you list.',
    });
  let perClass: number[] | undefined;
  if (auto) {
    const counts = classes.map((_, c) => y.reduce((n, v) => n + (v === c ? 1 : 0), 0));
    perClass = counts.map((n) => (n === 0 ? 0 : y.length / (classes.length * n)));
  } else if (Array.isArray(given)) {
    perClass = classes.map(() => 1);
    for (const pair of given as readonly (readonly [unknown, number])[]) {
      const k = classes.findIndex((c) => String(c) === String(pair[0]));
      if (k < 0)
        throw new GodwitError(
          'E_BQML_OPTION',
          `class_weights names class ${String(pair[0])}, which label ${label.name} does not have.`,
          {
            hint: `Classes: ${classes.join(', ')}.`,
          },
        );
      perClass[k] = pair[1];
    }
  }
  if (!perClass) return undefined;
  const weights = new Float64Array(y.length);
  for (let r = 0; r < y.length; r++) weights[r] = perClass[y[r]];
  return weights;
}
