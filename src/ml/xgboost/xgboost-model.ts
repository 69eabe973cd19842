/**
 * XGBoost's model, as its own JSON schema (`doc/model.schema`) saves it and as this codec holds it
 * for prediction. Both 1.x and 2.x spellings are read: `base_score` as `"5E-1"` (1.x) or `"[5E-1]"`
 * (2.x), `num_target` absent (1.x), `iteration_indptr` present (2.x). Tree arrays are typed
 * arrays, so a large model costs a few flat buffers rather than one object per node.
 */

/** One regression tree in XGBoost's flat layout: node `n`'s children, split and leaf value. */
export interface XgboostTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  /** Split threshold for inner nodes, leaf value for leaves (`left[n] === -1`); float32. */
  readonly condition: Float32Array;
  readonly defaultLeft: Uint8Array;
  /** Categorical splits only: node → the sorted categories that go right. */
  readonly categories?: ReadonlyMap<number, Float64Array>;
}

export type XgboostBooster =
  | {
      readonly kind: 'gbtree';
      readonly trees: readonly XgboostTree[];
      readonly treeGroup: Int32Array;
      readonly treeWeight?: Float32Array;
    }
  | { readonly kind: 'gblinear'; readonly weights: Float32Array };

export interface XgboostModel {
  /** `[major, minor, patch]` of the XGBoost that saved the model. */
  readonly version: readonly number[];
  /** `reg:squarederror`, `binary:logistic`, `multi:softprob`, …; `reg:linear` is read as written. */
  readonly objective: string;
  readonly numFeature: number;
  /** Outputs per row: `num_class` for multi-class, `num_target` for multi-target, else 1. */
  readonly numGroup: number;
  readonly numClass: number;
  /** The intercept as saved (probability space for logistic objectives): one, or one per target (2.x). */
  readonly baseScore: readonly number[];
  readonly featureNames: readonly string[];
  readonly booster: XgboostBooster;
}
