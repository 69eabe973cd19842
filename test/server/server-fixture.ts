import { condition, fail, lte, param, pipeline, processing, registerModel } from '../../src/pipeline/dsl/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { harness } from '../helpers/harness.js';

/**
 * A temporary home with real runs of a small pipeline (make a model → condition → register, else
 * fail), and a server started in this process on a free loopback port over that home.
 * - `passed`: the condition held, the model was registered (version 1 of "Greeter");
 * - `failed`: the condition did not hold, the fail step ended the run.
 */
export async function serverFixture() {
  const h = await harness();
  const threshold = param.float('threshold', 1);
  const make = processing('make', {
    command: [
      'sh',
      '-c',
      'echo weights > "$GODWIT_OUTPUT_MODEL/model.txt"; echo \'{"mse": 0.5}\' > "$GODWIT_OUTPUT_METRICS/metrics.json"; echo made',
    ],
    outputs: {
      model: { type: 'model', source: '/opt/ml/processing/model' },
      metrics: { type: 'metrics', source: '/opt/ml/processing/metrics' },
    },
  });
  const register = registerModel('register', {
    model: make.output('model'),
    modelPackageGroup: 'Greeter',
    metrics: make.output('metrics'),
    contentTypes: ['text/csv'],
  });
  const tooHigh = fail('too-high', { message: 'threshold above 5' });
  const check = condition('check', { if: lte(threshold, 5), then: [register], else: [tooHigh], dependsOn: [make] });
  const p = pipeline('greeter', { parameters: [threshold], steps: [make, check] });
  const passed = await h.run(p);
  const failed = await h.run(p, { threshold: 10 });
  const lines: string[] = [];
  let server: RunningServer | undefined;
  return {
    h,
    passed: passed.runId,
    failed: failed.runId,
    lines,
    async start(options: { bodyLimit?: number } = {}): Promise<RunningServer> {
      server = await startServer(h.home, { host: '127.0.0.1', port: 0, log: (line) => lines.push(line), ...options });
      return server;
    },
    async close() {
      await server?.stop();
      await h.close();
    },
  };
}
