import type { ContainerSpec, ModelRuntime } from '../model-runtime.js';
import { RUNTIMES } from '../runtimes/index.js';

/**
 * The runtime that serves a container. Until `chooseRuntime` (model files and image decide) is
 * merged, every container is served by Godwit's built-in linear learner, which refuses a folder
 * without its `model.json` with a message naming the file, so another kind of model fails its
 * endpoint with a reason rather than serving something else.
 */
export async function runtimeFor(_container: ContainerSpec): Promise<ModelRuntime> {
  return RUNTIMES['linear-learner']();
}
