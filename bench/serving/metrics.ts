/**
 * What endpoint metrics cost.
 * 1. The recorder on the request path: `VariantMetrics.record` (and `EndpointMetrics.record`, which
 *    looks the variant up by name) per call, beside a bare counter increment in the same loop.
 * 2. A flush: one window of a busy variant written to the store (SQLite).
 * 3. The CloudWatch door: PutMetricData and GetMetricStatistics through the unmodified
 *    `@aws-sdk/client-cloudwatch` against `godwit server` in this process, beside the same call
 *    on the metric store in process.
 *
 *   node --conditions=godwit-source --import tsx bench/serving/metrics.ts
 *
 * BENCH_CALLS (5,000,000) recorder calls per measure, BENCH_REQUESTS (300) door calls; medians of 5 rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { endpointMetrics } from '../../src/metrics/endpoint-metrics.js';
import { startServer } from '../../src/server/start-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const CALLS = Number(process.env.BENCH_CALLS ?? 5_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpuNs = (f: () => void) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return ((d.user + d.system) * 1000) / CALLS;
};

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-metrics-'));
const home = godwitHome(join(root, 'home'));
const metadata = await openMetadata(home, systemClock, {});

// 1. The request path.
const recorder = endpointMetrics({ store: metadata.metrics, clock: systemClock, intervalMs: 0 });
const variant = recorder.variant('bench', 'AllTraffic');
const counter = { n: 0, latency: 0 };
const loops = {
  'bare counter increment': () => {
    for (let i = 0; i < CALLS; i++) {
      counter.n++;
      counter.latency += 900 + (i & 1023);
    }
  },
  'VariantMetrics.record': () => {
    for (let i = 0; i < CALLS; i++)
      variant.record({ status: i % 97 === 0 ? 500 : 200, modelLatencyUs: 900 + (i & 1023), overheadLatencyUs: 40 + (i & 15) });
  },
  'EndpointMetrics.record (by name)': () => {
    for (let i = 0; i < CALLS; i++)
      recorder.record('bench', 'AllTraffic', { status: 200, modelLatencyUs: 900 + (i & 1023), overheadLatencyUs: 40 + (i & 15) });
  },
};
const perCall: Record<string, number> = {};
for (const [name, loop] of Object.entries(loops)) {
  loop(); // warm-up
  perCall[name] = median(Array.from({ length: ROUNDS }, () => cpuNs(loop)));
}
const t0 = performance.now();
await recorder.flush();
const flushMs = performance.now() - t0;

// 3. The door beside the store.
const server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
const cw = new CloudWatchClient({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'x' },
});
const values = Array.from({ length: 20 }, (_, i) => 1000 + i * 37);
const dims = { EndpointName: 'bench', VariantName: 'AllTraffic' };
const now = () => new Date();
const calls = {
  'PutMetricData (20 values)': {
    door: () =>
      cw.send(
        new PutMetricDataCommand({
          Namespace: 'Bench',
          MetricData: [
            {
              MetricName: 'Latency',
              Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
              Values: values,
              Unit: 'Microseconds',
            },
          ],
        }),
      ),
    store: () =>
      metadata.metrics.put([
        { namespace: 'Bench', metricName: 'Latency', dimensions: dims, timestamp: now(), values, unit: 'Microseconds' },
      ]),
  },
  'GetMetricStatistics (1 h, p50/p99)': {
    door: () =>
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'Bench',
          MetricName: 'Latency',
          Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
          StartTime: new Date(Date.now() - 3600e3),
          EndTime: now(),
          Period: 60,
          ExtendedStatistics: ['p50', 'p99'],
        }),
      ),
    store: () =>
      metadata.metrics.statistics({
        namespace: 'Bench',
        metricName: 'Latency',
        dimensions: dims,
        start: new Date(Date.now() - 3600e3),
        end: now(),
        period: 60,
        statistics: ['p50', 'p99'],
      }),
  },
};
const perRequest: Record<string, { door: number; store: number; doorCpu: number; storeCpu: number }> = {};
for (const [name, { door, store }] of Object.entries(calls)) {
  const run = async (f: () => Promise<unknown>) => {
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < REQUESTS; i++) await f();
    const d = process.cpuUsage(c);
    return { wall: ((performance.now() - t) * 1000) / REQUESTS, cpu: (d.user + d.system) / REQUESTS };
  };
  await run(door);
  await run(store);
  const d: { wall: number; cpu: number }[] = [];
  const s: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    d.push(await run(door));
    s.push(await run(store));
  }
  perRequest[name] = {
    door: median(d.map((x) => x.wall)),
    store: median(s.map((x) => x.wall)),
    doorCpu: median(d.map((x) => x.cpu)),
    storeCpu: median(s.map((x) => x.cpu)),
  };
}
cw.destroy();
await server.stop();
await metadata.close();
await rm(root, { recursive: true, force: true });

console.log(
  `${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; ${CALLS.toLocaleString()} calls per measure, medians of ${ROUNDS}`,
);
console.log('| request path | CPU ns per call | × bare counter |\n| --- | --- | --- |');
const base = perCall['bare counter increment'];
for (const [name, ns] of Object.entries(perCall)) console.log(`| ${name} | ${ns.toFixed(1)} | ${(ns / base).toFixed(1)} |`);
console.log(`\nflush of the window above (${(2 * (ROUNDS + 1) * CALLS) / 1e6}M requests) to SQLite: ${flushMs.toFixed(1)} ms`);
console.log('\n| call | door µs | store µs | door ÷ store | door CPU µs | store CPU µs |\n| --- | --- | --- | --- | --- | --- |');
for (const [name, r] of Object.entries(perRequest)) {
  console.log(
    `| ${name} | ${r.door.toFixed(0)} | ${r.store.toFixed(0)} | ${(r.door / r.store).toFixed(1)} | ${r.doorCpu.toFixed(0)} | ${r.storeCpu.toFixed(0)} |`,
  );
}
