import type { ModelInstance, StartOptions } from '../model-runtime.js';
import { chooseRuntime, IN_PROCESS_RUNTIMES } from '../runtimes/choose-runtime.js';
import { RUNTIMES } from '../runtimes/index.js';

/**
 * Starts one instance of a container with the runtime `chooseRuntime` picks from its image and
 * model files. XGBoost and ONNX models score in a worker thread of their own, so a heavy model
 * never stalls the thread that parses HTTP; Godwit's linear learner scores on the server's thread:
 * its dot product costs less than the worker hop (about 20 µs of CPU a call, bench/RESULTS.md
 * "serving: worker-thread instances"), which would cost the serving bench ~8 % of its throughput.
 */
export async function startContainer(options: StartOptions): Promise<ModelInstance> {
  const name = await chooseRuntime(options.container, options.modelDir);
  if (name !== 'linear-learner' && IN_PROCESS_RUNTIMES.has(name)) {
    const { startWorkerInstance } = await import('../runtimes/worker-instance.js');
    return startWorkerInstance(name, options);
  }
  return (await RUNTIMES[name]()).start(options);
}
