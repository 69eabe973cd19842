/**
 * Clarify's post-training bias metrics (the Developer Guide's clarify-post-training-bias-metric-*
 * pages), from observed labels y and predicted labels y' collapsed to positive / not positive.
 * n(1) counts observed positives, n'(1) predicted ones; TP, FP, FN, TN per facet:
 *
 * ```
 * DPPL = n'a(1)/na - n'd(1)/nd                DI  = (n'd(1)/nd) / (n'a(1)/na)
 * DCA  = na(1)/n'a(1) - nd(1)/n'd(1)          DCR = nd(0)/n'd(0) - na(0)/n'a(0)
 * DAR  = TPa/(TPa+FPa) - TPd/(TPd+FPd)        DRR = TNd/(TNd+FNd) - TNa/(TNa+FNa)
 * AD   = ACCa - ACCd, ACC = (TP+TN)/n         RD  = TPa/(TPa+FNa) - TPd/(TPd+FNd)
 * SD   = TNd/(TNd+FPd) - TNa/(TNa+FPa)        TE  = FNd/FPd - FNa/FPa
 * CDDPL = CDDL on the predicted labels        GE  = 1/(n α(α-1)) Σi [(bi/b̄)^α - 1], α = 2, b = y' - y + 1
 * ```
 *
 * A ratio with a zero denominator is 0 when its numerator is 0 too, else ±Infinity; a difference
 * of two +Infinity ratios is 0 (Clarify's rules, so a window without any predicted rejection does
 * not turn DCR into NaN).
 */
import { type BiasGroups, bothFacets, differenceOf, divide, type FacetCounts, MetricError } from './bias-counts.js';
import { type BiasMetric, conditionalDisparity } from './pretraining-metrics.js';

/** A metric of both facets' counts. */
function facetMetric(name: string, description: string, f: (a: FacetCounts, d: FacetCounts) => number): BiasMetric {
  return {
    name,
    description,
    compute: (g) => {
      const { a, d } = bothFacets(predicted(g));
      return f(a, d);
    },
  };
}

function predicted(g: BiasGroups): BiasGroups & { yhat: Uint8Array } {
  if (!g.yhat) throw new MetricError('Predicted labels are required for post-training metrics');
  return g as BiasGroups & { yhat: Uint8Array };
}

const accuracy = (c: FacetCounts) => divide(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn);

/** The post-training metrics but FT (which needs the features, see flip-test.ts), by name. */
export const POST_TRAINING_METRICS: readonly BiasMetric[] = [
  facetMetric('AD', 'Accuracy Difference (AD)', (a, d) => differenceOf(accuracy(a), accuracy(d))),
  {
    name: 'CDDPL',
    description: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)',
    compute: (g) => conditionalDisparity(g, predicted(g).yhat),
  },
  facetMetric('DAR', 'Difference in Acceptance Rates (DAR)', (a, d) =>
    differenceOf(divide(a.tp, a.n1hat), divide(d.tp, d.n1hat)),
  ),
  facetMetric('DCA', 'Difference in Conditional Acceptance (DCA)', (a, d) =>
    differenceOf(divide(a.n1, a.n1hat), divide(d.n1, d.n1hat)),
  ),
  facetMetric('DCR', 'Difference in Conditional Rejection (DCR)', (a, d) =>
    differenceOf(divide(d.n0, d.n0hat), divide(a.n0, a.n0hat)),
  ),
  facetMetric('DI', 'Disparate Impact (DI)', (a, d) => divide(d.n1hat / d.n, a.n1hat / a.n)),
  facetMetric('DPPL', 'Difference in Positive Proportions in Predicted Labels (DPPL)', (a, d) => a.n1hat / a.n - d.n1hat / d.n),
  facetMetric('DRR', 'Difference in Rejection Rates (DRR)', (a, d) => differenceOf(divide(d.tn, d.n0hat), divide(a.tn, a.n0hat))),
  { name: 'GE', description: 'Generalized Entropy (GE)', compute: (g) => generalizedEntropy(predicted(g), 2) },
  facetMetric('RD', 'Recall Difference (RD)', (a, d) => differenceOf(divide(a.tp, a.tp + a.fn), divide(d.tp, d.tp + d.fn))),
  facetMetric('SD', 'Specificity Difference (SD)', (a, d) => differenceOf(divide(d.tn, d.tn + d.fp), divide(a.tn, a.tn + a.fp))),
  facetMetric('TE', 'Treatment Equality (TE)', (a, d) => differenceOf(divide(d.fn, d.fp), divide(a.fn, a.fp))),
];

/** GE of the benefits b = y' - y + 1 (2 for a false positive, 0 for a false negative, else 1). */
function generalizedEntropy(g: BiasGroups & { yhat: Uint8Array }, alpha: number): number {
  const n = g.y.length;
  if (n === 0) throw new MetricError('dataset must be non-empty');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += g.yhat[i] - g.y[i] + 1;
  const mean = sum / n;
  if (mean === 0) {
    throw new MetricError(
      'All predicted labels are false negatives. There should be at least one prediction that is not false negative.',
    );
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += ((g.yhat[i] - g.y[i] + 1) / mean) ** alpha - 1;
  return total / (n * alpha * (alpha - 1));
}
