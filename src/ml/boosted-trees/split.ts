/**
 * XGBoost's split search over a node's histogram. A node's weight is `−T(G)/(H+λ)` and its score
 * `T(G)²/(H+λ)`, with `T` the L1 soft threshold (`reg_alpha`); a split's gain (`loss_chg`) is
 * the children's scores less the parent's, without XGBoost's documented ½, as its code has it.
 * Missing values are tried on each side (`default_left` learned); a split stands when both
 * children weigh at least `min_child_weight` and its gain exceeds XGBoost's 1e-6 and reaches
 * `gamma` (`min_split_loss`).
 */
import { softThreshold } from '../linear-learner/proximal.js';

export interface SplitParams {
  readonly l1: number;
  readonly l2: number;
  readonly minChildWeight: number;
  readonly minSplitLoss: number;
}

export interface Split {
  readonly feature: number;
  /** Rows with a bin ≤ this go left. */
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly gain: number;
  readonly leftG: number;
  readonly leftH: number;
}

/**
 * The split search's parameters alone, in one object shape wherever the search runs (V8's
 * compiled scan, specialised to one shape, went back to the interpreter when the root's search
 * passed the training's whole options instead).
 */
export function splitParams({ l1, l2, minChildWeight, minSplitLoss }: SplitParams): SplitParams {
  return { l1, l2, minChildWeight, minSplitLoss };
}

/** XGBoost's `kRtEps`: a split must gain more than this. */
const MIN_GAIN = 1e-6;

export function nodeWeight(g: number, h: number, p: SplitParams): number {
  return h + p.l2 === 0 ? 0 : -softThreshold(g, p.l1) / (h + p.l2);
}

export function nodeScore(g: number, h: number, p: SplitParams): number {
  const t = softThreshold(g, p.l1);
  return h + p.l2 === 0 ? 0 : (t * t) / (h + p.l2);
}

/** Numbers per node in a scan's record: gain, feature (−1: none), bin, defaultLeft, leftG, leftH. */
export const SCAN = 6;

/** The best split of a node, or undefined when none stands (see `scanSplits`). */
export function bestSplit(
  hist: Float64Array,
  base: number,
  stride: number,
  features: Int32Array,
  bins: Int32Array,
  g: number,
  h: number,
  p: SplitParams,
): Split | undefined {
  const record = new Float64Array(SCAN);
  scanSplits(hist, base, stride, features, bins, g, h, p, record, 0);
  return acceptSplit(record, 0, p);
}

/**
 * The split a node's scan records (`records[at …]`, from one scan or several merged by
 * `mergeScans`) when it stands: its gain exceeds XGBoost's 1e-6 and reaches `gamma`.
 */
export function acceptSplit(records: Float64Array, at: number, p: SplitParams): Split | undefined {
  const gain = records[at];
  if (records[at + 1] < 0 || !(gain > MIN_GAIN && gain >= p.minSplitLoss)) return undefined;
  const [feature, bin, defaultLeft, leftG, leftH] = records.subarray(at + 1, at + SCAN);
  return { feature, bin, defaultLeft: defaultLeft === 1, gain, leftG, leftH };
}

/**
 * Merges scans of the same node over consecutive shares of its features (in feature order) into
 * `into[at …]`: a later share's best replaces an earlier one's only with a strictly larger gain,
 * the tie rule of one scan over all the features, so the merged record is that scan's.
 */
export function mergeScans(into: Float64Array, at: number, scans: readonly Float64Array[]): void {
  into.set(scans[0].subarray(at, at + SCAN), at);
  for (let t = 1; t < scans.length; t++)
    if (scans[t][at + 1] >= 0 && scans[t][at] > into[at]) into.set(scans[t].subarray(at, at + SCAN), at);
}

/**
 * Records in `out[at …]` the best split of a node with sums `g`, `h` whose histograms start at
 * `hist[base]` (layout in `histogram.ts`), over `features`; `bins[f]` is feature f's number of
 * bins. Ties keep the first found (lower feature, lower bin, missing right). Feature −1 when no
 * split keeps both children at `min_child_weight`.
 */
export function scanSplits(
  hist: Float64Array,
  base: number,
  stride: number,
  features: Int32Array,
  bins: Int32Array,
  g: number,
  h: number,
  p: SplitParams,
  out: Float64Array,
  at: number,
): void {
  const parent = nodeScore(g, h, p);
  const { minChildWeight } = p;
  // The best so far as numbers, not an object per improvement: gains rise often on a scan.
  let bestGain = Number.NEGATIVE_INFINITY;
  let bestAt = -1;
  let bestLG = 0;
  let bestLH = 0;
  for (let q = 0; q < features.length; q++) {
    const f = features[q];
    const at = base + f * stride * 2;
    const missG = hist[at + (stride - 1) * 2];
    const missH = hist[at + (stride - 1) * 2 + 1];
    const tryMissingLeft = missH !== 0 || missG !== 0;
    let lg = 0;
    let lh = 0;
    for (let b = 0; b < bins[f] - 1; b++) {
      const bg = hist[at + 2 * b];
      const bh = hist[at + 2 * b + 1];
      // An empty bin leaves the sums as the bin before left them: the same gains, which cannot
      // beat themselves (and an empty first bin has nothing on the left, which gains nothing).
      if (bg === 0 && bh === 0) continue;
      lg += bg;
      lh += bh;
      if (lh >= minChildWeight && h - lh >= minChildWeight) {
        const gain = nodeScore(lg, lh, p) + nodeScore(g - lg, h - lh, p) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestAt = 2 * (q * stride + b);
          bestLG = lg;
          bestLH = lh;
        }
      }
      if (!tryMissingLeft) continue;
      const sg = lg + missG;
      const sh = lh + missH;
      if (sh < minChildWeight || h - sh < minChildWeight) continue;
      const gain = nodeScore(sg, sh, p) + nodeScore(g - sg, h - sh, p) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        bestAt = 2 * (q * stride + b) + 1;
        bestLG = sg;
        bestLH = sh;
      }
    }
  }
  const cell = bestAt >> 1;
  out[at] = bestGain;
  out[at + 1] = bestAt < 0 ? -1 : features[Math.floor(cell / stride)];
  out[at + 2] = cell % stride;
  out[at + 3] = bestAt & 1;
  out[at + 4] = bestLG;
  out[at + 5] = bestLH;
}
