import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobStreamName } from '../../../src/logs/job-log-source.js';
import { pipeline, processing } from '../../../src/pipeline/dsl/index.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { spawnContainer } from '../../../src/serving/container/container-process.js';
import { endpointLogDir } from '../../../src/serving/host/start-endpoint.js';
import { harness } from '../../helpers/harness.js';

/**
 * A home with real logs: a training job and a processing job recorded in the jobs catalog, each
 * run by a real one-step run whose script prints lines a moment apart; an endpoint instance's
 * container (a real process, its log where the endpoint host puts it) that printed two lines; and
 * a server over the home.
 */
export async function logsServer() {
  const h = await harness();
  const script = [
    'echo "Starting training"',
    'sleep 0.3',
    'echo "epoch 1 loss=0.52 ERROR: NaN in batch 3, retrying"',
    'sleep 0.3',
    'echo "epoch 2 loss=0.31"',
    'echo "Connection refused by the tracker"',
    'echo "Training complete"',
  ].join('\n');
  // In a file, so the `$ sh …` line Godwit writes first does not repeat the script's words.
  const scriptPath = join(h.root, 'train.sh');
  writeFileSync(scriptPath, script);
  const train = pipeline('train-job', { steps: [processing('train', { command: ['sh', scriptPath] })] });
  const trained = await h.run(train);
  const prep = pipeline('prep-job', { steps: [processing('prep', { command: ['sh', '-c', 'echo "prepared 10 rows"'] })] });
  const prepared = await h.run(prep);
  const jobs = h.services.metadata.jobs;
  await jobs.create({ kind: 'training', name: 'abalone-train', request: {}, tags: [] });
  const startedAt = new Date(Date.now() - 5000);
  const job = await jobs.update('training', 'abalone-train', { runId: trained.runId, startedAt, status: 'Completed' });
  await jobs.create({ kind: 'processing', name: 'abalone-prep', request: {}, tags: [] });
  await jobs.update('processing', 'abalone-prep', { runId: prepared.runId, startedAt, status: 'Completed' });
  // A job recorded but never started has no stream.
  await jobs.create({ kind: 'training', name: 'not-started', request: {}, tags: [] });

  // Where the endpoint host puts an instance's output (serving/host/start-endpoint.ts).
  const logDir = join(endpointLogDir(h.home, 'churn'), 'AllTraffic');
  mkdirSync(logDir, { recursive: true });
  const container = spawnContainer({
    argv: ['sh', '-c', 'echo "serving on 8080"; sleep 0.2; echo "GET /ping 200"'],
    env: process.env,
    cwd: logDir,
    logPath: join(logDir, 'i-0123456789abcdef0.log'),
  });
  await container.exited;

  let server: RunningServer | undefined;
  return {
    h,
    trainStream: jobStreamName(job),
    /** The line Godwit writes first in a process step's log. */
    commandLine: `$ sh ${scriptPath}`,
    async start(): Promise<RunningServer> {
      server = await startServer(h.home, { host: '127.0.0.1', port: 0, log: () => {} });
      return server;
    },
    async close() {
      await server?.stop();
      await h.close();
    },
  };
}
