/**
 * How soon an alarm on a live endpoint reacts, on a scaled clock: a real `godwit server` in this
 * process on a clock SPEED× real time (default 600: a simulated minute is 100 ms), a container
 * endpoint that answers 500 to the body "fail", and an alarm on its Invocation5XXErrors (Sum > 0,
 * one 60-second period, missing data not breaching). Each round waits for OK, sends a few failing
 * invocations, and times the ALARM transition, in simulated seconds after the breaching minute ended
 * and after the failures, and in wall milliseconds. The target it is measured beside: one metric
 * period (60 s) after the failing minute, the bound issue 12 sets for a rollback.
 *
 *   node --conditions=godwit-source --import tsx bench/deploy/alarm-reaction.ts
 *
 * BENCH_SPEED (600), BENCH_ROUNDS (7).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { withDefaults } from '../../src/alarms/alarm-definition-check.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { scaledClock } from '../../src/core/scaled-clock.js';
import { openMetadata } from '../../src/meta/index.js';
import { startServer } from '../../src/server/start-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const SPEED = Number(process.env.BENCH_SPEED ?? 600);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';
const FIXTURE = fileURLToPath(new URL('../../test/serving/fixtures/contract_server.py', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-alarm-'));
const home = godwitHome(join(root, 'home'));
const clock = scaledClock(SPEED);
const server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25, clock });
const metadata = await openMetadata(home, systemClock, {});
const model = join(root, 'model');
mkdirSync(model);
writeFileSync(join(model, 'model.txt'), 'weights');
await metadata.endpoints.createModel({
  name: 'm',
  containers: [{ modelDataUrl: `file://${model}`, command: [PYTHON, FIXTURE] }],
  inferenceMode: 'Serial',
  tags: [],
});
await metadata.endpoints.createEndpointConfig({
  name: 'c',
  productionVariants: [
    { variantName: 'AllTraffic', modelName: 'm', initialInstanceCount: 1, initialVariantWeight: 1, instanceType: 'ml.m5.large' },
  ],
  shadowVariants: [],
  tags: [],
});
await metadata.endpoints.createEndpoint('flaky', 'c');
const runtime = new SageMakerRuntimeClient({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const invoke = (body: string) =>
  runtime
    .send(new InvokeEndpointCommand({ EndpointName: 'flaky', ContentType: 'text/plain', Body: Buffer.from(body) }))
    .catch(() => undefined);
for (let i = 0; i < 500 && (await invoke('warm')) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
await metadata.alarms.put(
  withDefaults({
    name: 'flaky-5xx',
    namespace: 'AWS/SageMaker',
    metricName: 'Invocation5XXErrors',
    dimensions: { EndpointName: 'flaky', VariantName: 'AllTraffic' },
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
  }),
);
/** The alarm once in `state`; a clock too fast for this machine to evaluate every period may never get there. */
const until = async (state: string) => {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const a = await metadata.alarms.get('flaky-5xx');
    if (a?.state === state) return a;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`The alarm did not reach ${state} within 30 s of wall time on a ${SPEED}x clock.`);
};

const afterMinute: number[] = [];
const afterFailure: number[] = [];
const wall: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  await until('OK');
  const failedAt = clock.now().getTime();
  const started = performance.now();
  for (let i = 0; i < 3; i++) await invoke('fail');
  const alarmed = await until('ALARM');
  wall.push(performance.now() - started);
  // The minute that breached, as the alarm read it: its end is when the alarm could first know.
  const [breached] = JSON.parse(alarmed.stateReasonData ?? '{}').evaluatedDatapoints;
  const minuteEnd = Date.parse(breached.timestamp.replace('+0000', 'Z')) + 60_000;
  afterMinute.push((alarmed.stateUpdatedAt.getTime() - minuteEnd) / 1000);
  afterFailure.push((alarmed.stateUpdatedAt.getTime() - failedAt) / 1000);
}
const lag = median(afterMinute);
console.log(
  `alarm reaction on a ${SPEED}x clock, ${ROUNDS} rounds (${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version})`,
);
console.log(
  `  after the breaching minute ended: median ${lag.toFixed(1)} s simulated (all: ${afterMinute.map((s) => s.toFixed(0)).join(', ')})`,
);
console.log(`  after the first failure:          median ${median(afterFailure).toFixed(1)} s simulated`);
console.log(`  wall time, failures to ALARM:     median ${median(wall).toFixed(0)} ms`);
console.log(`  target: one metric period (60 s) after the minute; ratio ${(lag / 60).toFixed(2)}`);

runtime.destroy();
await metadata.close();
await server.stop();
await rm(root, { recursive: true, force: true });
