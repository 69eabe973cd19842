import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EndpointLogSource } from '../../src/logs/endpoint-log-source.js';
import { JobLogSource, jobStreamName } from '../../src/logs/job-log-source.js';
import { logSourceContract } from '../../src/logs/log-source.contract.js';
import { pipeline, processing } from '../../src/pipeline/dsl/index.js';
import { spawnContainer } from '../../src/serving/container/container-process.js';
import { harness } from '../helpers/harness.js';
import { scratchDir } from '../helpers/scratch.js';

logSourceContract('a training job over its run step log (SQLite jobs catalog)', async () => {
  const h = await harness();
  const step = processing('train', { command: ['sh', '-c', 'echo first; sleep 0.2; echo second'] });
  const { runId } = await h.run(pipeline('job', { steps: [step] }));
  const jobs = h.services.metadata.jobs;
  await jobs.create({ kind: 'training', name: 'contract-job', request: {}, tags: [] });
  const job = await jobs.update('training', 'contract-job', { runId, startedAt: new Date(), status: 'Completed' });
  const [attempt] = await h.services.metadata.store.listAttempts(runId);
  return {
    source: new JobLogSource('training', jobs, h.services.home.runsDir),
    group: '/aws/sagemaker/TrainingJobs',
    stream: jobStreamName(job),
    lines: ['$ sh -c echo first; sleep 0.2; echo second', 'first', 'second'],
    append: (line) => appendFileSync(attempt.logPath as string, `${line}\n`),
    close: () => h.close(),
  };
});

logSourceContract("an endpoint instance over its container's log", async () => {
  const endpoints = join(scratchDir('godwit-endpoint-logs-'), 'endpoints');
  const dir = join(endpoints, 'churn', 'logs', 'AllTraffic');
  mkdirSync(dir, { recursive: true });
  const logPath = join(dir, 'i-0123456789abcdef0.log');
  const container = spawnContainer({
    argv: ['sh', '-c', 'echo serving; sleep 0.2; echo ready'],
    env: process.env,
    cwd: dir,
    logPath,
  });
  await container.exited;
  return {
    source: new EndpointLogSource(endpoints),
    group: '/aws/sagemaker/Endpoints/churn',
    stream: 'AllTraffic/i-0123456789abcdef0',
    lines: ['serving', 'ready'],
    emptyGroup: '/aws/sagemaker/Endpoints/other',
    append: (line) => appendFileSync(logPath, `${line}\n`),
    close: async () => {},
  };
});
