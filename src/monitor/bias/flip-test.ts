/**
 * The counterfactual flip test (FT, clarify-post-training-bias-metric-ft): each member of facet d
 * is given the outcome its nearest neighbours in facet a received from the model, and
 *
 * ```
 * FT = (F+ - F-) / nd
 * ```
 *
 * As Clarify does it, no model is called: a k-nearest-neighbours vote (Euclidean distance over
 * every other numeric column, k = 5, or 1 when facet a has fewer than 10 rows) over facet a's
 * predicted labels stands in for "the model's outcome had this row been in facet a". Neighbours at
 * equal distance are taken in row order.
 *
 * The sign is Clarify's, not the Developer Guide's: F+ counts members of d the model predicted
 * favourable whose neighbours in a were predicted unfavourable, F- the reverse. The guide's page
 * words F+ the other way round, but genuine Clarify output (the fraud-detection example's
 * analysis.json, FT = -1/2796 for one member of d predicted unfavourable among favourable
 * neighbours) has this sign, and baselines must compare with SageMaker's.
 */
import { type BiasGroups, bothFacets, divide, MetricError } from './bias-counts.js';
import type { Cell } from './bias-table.js';

export const FLIP_TEST = { name: 'FT', description: 'Flip Test (FT)' } as const;

const DEFAULT_NEIGHBOURS = 5;
const MIN_NEIGHBOURS = 1;
const SMALL_FACET = 9;

/** FT over `features` (one column per feature, without facet, label and prediction columns). */
export function flipTest(g: BiasGroups, features: readonly (readonly Cell[])[]): number {
  if (!g.yhat) throw new MetricError('Predicted labels are required for post-training metrics');
  const { a } = bothFacets(g);
  const rows = toRows(features, g.d.length);
  const aRows: number[] = [];
  const dRows: number[] = [];
  for (let i = 0; i < g.d.length; i++) (g.d[i] ? dRows : aRows).push(i);
  const k = a.n > SMALL_FACET ? DEFAULT_NEIGHBOURS : MIN_NEIGHBOURS;
  let favoured = 0;
  let disfavoured = 0;
  const flat = flatten(rows, aRows);
  for (const i of dRows) {
    const asA = vote(nearest(rows, i, aRows, k, flat), g.yhat);
    if (g.yhat[i] === 1 && asA === 0) favoured++;
    if (g.yhat[i] === 0 && asA === 1) disfavoured++;
  }
  return divide(favoured - disfavoured, dRows.length);
}

function toRows(features: readonly (readonly Cell[])[], n: number): Float64Array[] {
  const rows = Array.from({ length: n }, () => new Float64Array(features.length));
  features.forEach((col, j) => {
    for (let i = 0; i < n; i++) {
      const c = col[i];
      if (typeof c !== 'number') {
        throw new MetricError(
          c === null ? 'FlipTest does not support missing values' : 'FlipTest does not support non-numeric columns',
        );
      }
      rows[i][j] = c;
    }
  });
  return rows;
}

/**
 * The k rows of `candidates` closest to row `i` (ties by row order). Facet a's rows are copied into
 * one flat array, and a distance stops adding once it reaches the k-th best so far: that only ever
 * skips rows the full sum would skip too, and makes the search several times faster.
 */
function nearest(rows: Float64Array[], i: number, candidates: readonly number[], k: number, flat: Float64Array): number[] {
  const best: { row: number; dist: number }[] = [];
  const x = rows[i];
  const f = x.length;
  for (let c = 0; c < candidates.length; c++) {
    const limit = best.length === k ? best[k - 1].dist : Number.POSITIVE_INFINITY;
    let dist = 0;
    for (let j = 0, at = c * f; j < f && dist < limit; j++, at++) dist += (x[j] - flat[at]) ** 2;
    if (dist >= limit) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].dist > dist) at--;
    best.splice(at, 0, { row: candidates[c], dist });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.row);
}

/** Facet a's feature rows end to end, in `candidates` order. */
function flatten(rows: Float64Array[], candidates: readonly number[]): Float64Array {
  const f = rows[0]?.length ?? 0;
  const flat = new Float64Array(candidates.length * f);
  candidates.forEach((r, c) => {
    flat.set(rows[r], c * f);
  });
  return flat;
}

/** The majority predicted label of the neighbours (a tie goes to the unfavourable 0, as scikit-learn's vote does). */
function vote(neighbours: readonly number[], yhat: Uint8Array): number {
  const ones = neighbours.reduce((s, r) => s + yhat[r], 0);
  return ones * 2 > neighbours.length ? 1 : 0;
}
