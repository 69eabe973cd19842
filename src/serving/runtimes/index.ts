import type { ModelRuntime } from '../model-runtime.js';

/**
 * Every model runtime, loaded on first use so serving a linear-learner model never loads the ONNX
 * binding. A new runtime is one file in this folder and one line here; which runtime serves a
 * container is decided by `chooseRuntime` (model files and image), not by the order of this table.
 */
export const RUNTIMES: Readonly<Record<string, () => Promise<ModelRuntime>>> = {
  'linear-learner': async () => (await import('./linear-learner-runtime.js')).linearLearnerRuntime,
  onnx: async () => (await import('./onnx-runtime.js')).onnxRuntime,
  xgboost: async () => (await import('./xgboost-runtime.js')).xgboostRuntime,
  bqml: async () => (await import('./bqml-runtime.js')).bqmlRuntime,
  container: async () => (await import('./container-runtime.js')).containerRuntime,
};
