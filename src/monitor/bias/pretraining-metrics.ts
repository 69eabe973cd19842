/**
 * Clarify's pre-training bias metrics (the SageMaker Developer Guide's pages
 * clarify-bias-metric-class-imbalance and clarify-data-bias-metric-*), on the observed labels
 * collapsed to positive / not positive. a = facet a (not the facet value), d = facet d:
 *
 * ```
 * CI  = (na - nd) / (na + nd)                 DPL = na(1)/na - nd(1)/nd
 * KL  = Σy Pa(y) ln(Pa(y)/Pd(y))              JS  = ½ [KL(Pa‖P) + KL(Pd‖P)], P = ½(Pa + Pd)
 * LP  = √Σy (Pa(y) - Pd(y))²                  TVD = ½ Σy |Pa(y) - Pd(y)|       KS = maxy |Pa(y) - Pd(y)|
 * CDDL = (1/n) Σi ni DDi,  DDi = ni,d(0)/ni(0) - ni,d(1)/ni(1) over the group variable's subgroups
 * ```
 *
 * As Clarify does, the distance metrics sum over the label outcomes that both facets have (an
 * outcome one facet never has is left out, not smoothed), and a subgroup without rejections (or
 * acceptances) contributes 0 for that share.
 */
import { type BiasGroups, bothFacets, divide, type FacetCounts, MetricError } from './bias-counts.js';
import type { Cell } from './bias-table.js';

export interface BiasMetric {
  readonly name: string;
  readonly description: string;
  /** The value, or a thrown `MetricError` saying why there is none. */
  compute(g: BiasGroups): number;
}

export const PRE_TRAINING_METRICS: readonly BiasMetric[] = [
  {
    name: 'CDDL',
    description: 'Conditional Demographic Disparity in Labels (CDDL)',
    compute: (g) => conditionalDisparity(g, g.y),
  },
  {
    name: 'CI',
    description: 'Class Imbalance (CI)',
    compute: (g) => {
      const { a, d } = bothFacets(g);
      return (a.n - d.n) / (a.n + d.n);
    },
  },
  {
    name: 'DPL',
    description: 'Difference in Positive Proportions in Labels (DPL)',
    compute: (g) => {
      const { a, d } = bothFacets(g);
      return a.n1 / a.n - d.n1 / d.n;
    },
  },
  { name: 'JS', description: 'Jensen-Shannon Divergence (JS)', compute: (g) => jensenShannon(...aligned(g)) },
  // Clarify's description spells Leibler "Liebler"; kept, since files are compared by it.
  { name: 'KL', description: 'Kullback-Liebler Divergence (KL)', compute: (g) => kullbackLeibler(...aligned(g)) },
  {
    name: 'KS',
    description: 'Kolmogorov-Smirnov Distance (KS)',
    compute: (g) => {
      const [pa, pd] = aligned(g);
      return Math.max(...pa.map((p, i) => Math.abs(p - pd[i])));
    },
  },
  {
    name: 'LP',
    description: 'L-p Norm (LP)',
    compute: (g) => {
      const [pa, pd] = aligned(g);
      return Math.sqrt(pa.reduce((s, p, i) => s + (p - pd[i]) * (p - pd[i]), 0));
    },
  },
  {
    name: 'TVD',
    description: 'Total Variation Distance (TVD)',
    compute: (g) => {
      const [pa, pd] = aligned(g);
      return 0.5 * pa.reduce((s, p, i) => s + Math.abs(p - pd[i]), 0);
    },
  },
];

/** The label distributions of facets a and d over the outcomes (not positive, positive) both have. */
function aligned(g: BiasGroups): [number[], number[]] {
  const { a, d } = bothFacets(g);
  const pa: number[] = [];
  const pd: number[] = [];
  for (const [ca, cd] of [outcome(a, 0), outcome(a, 1)].map((x, i) => [x, outcome(d, i)])) {
    if (ca === 0 || cd === 0) continue;
    pa.push(ca / a.n);
    pd.push(cd / d.n);
  }
  if (pa.length === 0) throw new MetricError('No instance of common facet found, dataset may be too small');
  return [pa, pd];
}

function outcome(c: FacetCounts, positive: number): number {
  return positive ? c.n1 : c.n0;
}

function kullbackLeibler(p: number[], q: number[]): number {
  return p.reduce((s, x, i) => s + x * Math.log(x / q[i]), 0);
}

function jensenShannon(pa: number[], pd: number[]): number {
  const m = pa.map((x, i) => 0.5 * (x + pd[i]));
  return 0.5 * (kullbackLeibler(pa, m) + kullbackLeibler(pd, m));
}

/**
 * CDD over the group variable's subgroups for the outcome `positive` (observed labels for CDDL,
 * predicted ones for CDDPL): the mean of each subgroup's demographic disparity, weighted by its size.
 */
export function conditionalDisparity(g: BiasGroups, positive: Uint8Array): number {
  if (!g.group || g.group.length === 0) throw new MetricError('Group variable is empty or not provided');
  const total = positive.reduce((s, x) => s + x, 0);
  if (total === 0) throw new MetricError('No positive labels in set');
  if (total === positive.length) throw new MetricError('No negative labels in set');
  const subgroups = new Map<Cell, { n: number; accepted: number; acceptedD: number; rejectedD: number }>();
  for (let i = 0; i < positive.length; i++) {
    const key = g.group[i];
    let s = subgroups.get(key);
    if (!s) {
      s = { n: 0, accepted: 0, acceptedD: 0, rejectedD: 0 };
      subgroups.set(key, s);
    }
    s.n++;
    s.accepted += positive[i];
    if (g.d[i]) positive[i] ? s.acceptedD++ : s.rejectedD++;
  }
  let weighted = 0;
  for (const key of [...subgroups.keys()].sort(byValue)) {
    const s = subgroups.get(key) as { n: number; accepted: number; acceptedD: number; rejectedD: number };
    const rejected = s.n - s.accepted;
    const dd = (rejected ? s.rejectedD / rejected : 0) - (s.accepted ? s.acceptedD / s.accepted : 0);
    weighted += s.n * dd;
  }
  return divide(weighted, positive.length);
}

/** numpy's `unique` order: numbers ascending, then text. */
function byValue(x: Cell, y: Cell): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}
