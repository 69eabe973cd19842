/**
 * The XGBoost codec: XGBoost's JSON and UBJSON model formats read in pure TypeScript, and
 * predictions that match XGBoost's own to float32 precision. Serving, batch transform, in-warehouse
 * ML and monitoring all score XGBoost models through this surface.
 *
 * ```ts
 * const model = await loadXgboostModel('model/xgboost-model.json');
 * predictXgboost(model, [[0.455, 0.365, 0.095, 0.514]]).values; // Float64Array [9.87…]
 * ```
 */
export { loadXgboostModel, parseXgboostModel, xgboostEncoding } from './load-xgboost.js';
export { OBJECTIVES } from './objectives.js';
export { type PredictOptions, predictXgboost, type XgboostPredictions, type XgboostRows } from './predict-xgboost.js';
export {
  floatText,
  type SaveXgboostOptions,
  saveXgboostJson,
  stringifyXgboostJson,
  type XgboostJson,
  type XgboostTreeStats,
  xgboostDocument,
  xgboostUbjson,
} from './save-xgboost.js';
export { decodeUbjson, type UbjsonValue } from './ubjson.js';
export type { XgboostBooster, XgboostModel, XgboostTree } from './xgboost-model.js';
