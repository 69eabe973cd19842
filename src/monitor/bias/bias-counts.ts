/**
 * The counts every bias metric is built from, for facet a (not the facet value, "favoured") and
 * facet d (the facet value, "disfavoured"), and Clarify's division rule.
 */
import type { Cell } from './bias-table.js';

/** The rows of one analysis, collapsed to booleans (1/0 per row). */
export interface BiasGroups {
  /** 1 for facet d. */
  readonly d: Uint8Array;
  /** 1 for an observed positive label. */
  readonly y: Uint8Array;
  /** 1 for a predicted positive label (post-training only). */
  readonly yhat?: Uint8Array;
  /** CDDL's and CDDPL's subgroup of each row. */
  readonly group?: readonly Cell[];
}

/** Counts for one facet: n, positives observed (n1) and predicted (n1hat), and the confusion matrix. */
export interface FacetCounts {
  readonly n: number;
  readonly n1: number;
  readonly n0: number;
  readonly n1hat: number;
  readonly n0hat: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** Counts of facet a (`inD` 0) or facet d (`inD` 1). */
export function facetCounts(g: BiasGroups, inD: 0 | 1): FacetCounts {
  let n = 0;
  let n1 = 0;
  let n1hat = 0;
  let tp = 0;
  for (let i = 0; i < g.d.length; i++) {
    if (g.d[i] !== inD) continue;
    n++;
    n1 += g.y[i];
    if (g.yhat) {
      n1hat += g.yhat[i];
      tp += g.y[i] & g.yhat[i];
    }
  }
  const fp = n1hat - tp;
  const fn = n1 - tp;
  return { n, n1, n0: n - n1, n1hat, n0hat: n - n1hat, tp, fp, fn, tn: n - tp - fp - fn };
}

/** A metric could not be computed; its message becomes the metric's `error` in analysis.json. */
export class MetricError extends Error {}

/** Both facets must have rows (Clarify's "Facet set is empty" / "Negated facet set is empty"). */
export function bothFacets(g: BiasGroups): { a: FacetCounts; d: FacetCounts } {
  const a = facetCounts(g, 0);
  const d = facetCounts(g, 1);
  if (d.n === 0) throw new MetricError('Facet set is empty');
  if (a.n === 0) throw new MetricError('Negated facet set is empty');
  return { a, d };
}

/** Clarify's division: 0/0 is 0, x/0 is ±Infinity. */
export function divide(a: number, b: number): number {
  if (b === 0) return a === 0 ? 0 : a < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return a / b;
}

/** `left - right`, except that two infinite ratios compare as equal (0), as Clarify has it. */
export function differenceOf(left: number, right: number): number {
  return left === right && left === Number.POSITIVE_INFINITY ? 0 : left - right;
}
