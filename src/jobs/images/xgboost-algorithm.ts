/**
 * SageMaker's built-in XGBoost algorithm: the `sagemaker-xgboost` image (or the older `xgboost`
 * one) in a training job without `sagemaker_program`. It runs `xgboost_algorithm.py`, shipped in
 * this folder, with a Python that has xgboost: `GODWIT_PYTHON` (the job's `Environment`, then
 * Godwit's), else Debian's `/usr/bin/python3` (python3-xgboost) when it exists, else `python3`.
 */
import { stat } from 'node:fs/promises';
import type { MetricDefinition } from '../../pipeline/ir.js';
import type { ImageContext, ImageRequest, LocalImage } from '../image-map.js';
import { type ImageMatch, jobEnv } from './image-match.js';
import { stageShippedScript } from './shipped-script.js';

const SYSTEM_PYTHON = '/usr/bin/python3';

/** The metrics the algorithm reports, as SageMaker defines them (a tab is `#011` in CloudWatch, a tab in a local log). */
const METRICS = [
  'rmse',
  'mae',
  'mse',
  'logloss',
  'error',
  'auc',
  'merror',
  'mlogloss',
  'aucpr',
  'map',
  'ndcg',
  'poisson-nloglik',
];
export const XGBOOST_METRIC_DEFINITIONS: readonly MetricDefinition[] = ['train', 'validation'].flatMap((channel) =>
  METRICS.map((metric) => ({
    name: `${channel}:${metric}`,
    regex: `.*\\[[0-9]+\\].*(?:#011|\\t)${channel}-${metric}:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*`,
  })),
);

export function xgboostAlgorithm(mappedBy: string, request: ImageRequest): ImageMatch {
  return {
    mappedBy,
    async resolve(context: ImageContext): Promise<LocalImage> {
      const code = await stageShippedScript('xgboost_algorithm.py', context.stagingDir, 'algorithm');
      const python =
        request.environment?.GODWIT_PYTHON?.trim() ||
        (context.hostEnv ?? process.env).GODWIT_PYTHON?.trim() ||
        ((await stat(SYSTEM_PYTHON).catch(() => undefined)) ? SYSTEM_PYTHON : 'python3');
      return {
        mappedBy,
        process: { command: [python], code, env: jobEnv(request), contract: 'sagemaker' },
        hyperparameters: { ...(request.hyperparameters ?? {}) },
        metricDefinitions: XGBOOST_METRIC_DEFINITIONS,
      };
    },
  };
}
