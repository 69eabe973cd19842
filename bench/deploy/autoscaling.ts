/**
 * Autoscaling's figures, in one run:
 *
 *   node --conditions=godwit-source --import tsx bench/deploy/autoscaling.ts
 *
 * 1. Planning speed: `simulateScaling` replays a day of diurnal traffic (1,440 minutes, peak 1,200
 *    and trough 60 requests a minute) against a target-tracking policy, with the alarm and scaling
 *    rules the server runs. Baseline: the day itself (86,400 s of real time, which is what the
 *    simulation saves); the ratio is simulated time per second of wall time. Median of 5.
 * 2. A scale-in cooldown on the simulated clock: a real `godwit server` (in this process) on a
 *    clock BENCH_SPEED (default 300) times real time, one linear-learner endpoint, a
 *    target-tracking policy (target 5 invocations per instance, ScaleInCooldown 600 s), real
 *    InvokeEndpoint load through the official client: heavy until 3 instances, medium until the
 *    first scale-in (3 → 2), then a trickle, whose second scale-in (2 → 1) must wait out the
 *    cooldown. Baseline: the 600 s the cooldown lasts in real time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { readPolicyConfiguration } from '../../src/autoscaling/policy-document.js';
import { simulateScaling } from '../../src/autoscaling/simulation/simulate-scaling.js';
import { summarize } from '../../src/autoscaling/simulation/simulation-report.js';
import { diurnal } from '../../src/autoscaling/simulation/traffic-profile.js';
import { godwitHome } from '../../src/core/home.js';
import { scaledClock } from '../../src/core/scaled-clock.js';
import { openMetadata } from '../../src/meta/index.js';
import { saveLinearModel } from '../../src/ml/linear-model.js';
import { startServer } from '../../src/server/start-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const SPEED = Number(process.env.BENCH_SPEED ?? 300);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function planningSpeed() {
  const traffic = diurnal({ peak: 1200, trough: 60 });
  const policy = readPolicyConfiguration('TargetTrackingScaling', {
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 70,
      PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
    },
  });
  const walls: number[] = [];
  const cpus: number[] = [];
  let summary: ReturnType<typeof summarize> | undefined;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const sim = simulateScaling({ traffic, policy, minCapacity: 1, maxCapacity: 30, initialCapacity: 1, warmupMinutes: 4 });
    const cpu = process.cpuUsage(c0);
    walls.push(performance.now() - t0);
    cpus.push((cpu.user + cpu.system) / 1000);
    summary = summarize(sim, 70);
  }
  const wall = median(walls);
  console.log(
    `planning: a day (1,440 minutes) in ${wall.toFixed(0)} ms wall, ${median(cpus).toFixed(0)} ms CPU (median of 5); ` +
      `${(86_400_000 / wall).toFixed(0)}× real time. Plan: ${summary?.lowestInstances}–${summary?.peakInstances} instances, ` +
      `${summary?.scaleOuts} scale-outs, ${summary?.scaleIns} scale-ins, ${((summary?.instanceMinutes ?? 0) / 60).toFixed(1)} instance-hours.`,
  );
}

/** Sends `perMinute` requests per simulated minute, paced on wall time, until stopped. */
function pace(runtime: SageMakerRuntimeClient, perMinute: number) {
  const perMs = (perMinute * SPEED) / 60_000;
  const start = performance.now();
  let sent = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      if (sent < perMs * (performance.now() - start)) {
        sent++;
        await runtime
          .send(new InvokeEndpointCommand({ EndpointName: 'bench', ContentType: 'text/csv', Body: Buffer.from('1,2\n') }))
          .catch((err) => {
            if (running) throw err;
          });
      } else await new Promise((r) => setTimeout(r, 2));
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  return async () => {
    running = false;
    await Promise.all(workers);
  };
}

async function cooldown() {
  const root = await mkdtemp(join(tmpdir(), 'godwit-bench-autoscaling-'));
  const home = godwitHome(join(root, 'home'));
  const clock = scaledClock(SPEED);
  const server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25, clock });
  const metadata = await openMetadata(home, clock, {});
  const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' };
  const aas = new ApplicationAutoScalingClient({ endpoint: server.url, region: 'us-east-1', credentials });
  const runtime = new SageMakerRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials });
  try {
    await saveLinearModel(join(root, 'model'), {
      format: 'godwit.linear-learner',
      version: 1,
      predictorType: 'regressor',
      featureDim: 2,
      weights: [1, 1],
      bias: 0.5,
      hyperparameters: {},
      trainedOn: { rows: 1, channels: {} },
      solver: { name: 'cholesky', iterations: 1, notes: [] },
      metrics: {},
    });
    await metadata.endpoints.createModel({
      name: 'm',
      containers: [{ modelDataUrl: `file://${join(root, 'model')}` }],
      inferenceMode: 'Serial',
      tags: [],
    });
    const variant = { variantName: 'A', modelName: 'm', initialInstanceCount: 1, initialVariantWeight: 1 };
    await metadata.endpoints.createEndpointConfig({ name: 'c', productionVariants: [variant], shadowVariants: [], tags: [] });
    await metadata.endpoints.createEndpoint('bench', 'c');
    const count = async () => (await metadata.endpoints.getEndpoint('bench'))?.variants[0]?.instanceCount;
    const until = async (n: number) => {
      while ((await count()) !== n || (await metadata.endpoints.getEndpoint('bench'))?.status !== 'InService')
        await new Promise((r) => setTimeout(r, 5));
    };
    await until(1);
    const resource = {
      ServiceNamespace: 'sagemaker' as const,
      ResourceId: 'endpoint/bench/variant/A',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
    };
    await aas.send(new RegisterScalableTargetCommand({ ...resource, MinCapacity: 1, MaxCapacity: 3 }));
    await aas.send(
      new PutScalingPolicyCommand({
        ...resource,
        PolicyName: 'rpm',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 5,
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
          ScaleOutCooldown: 60,
          ScaleInCooldown: 600,
        },
      }),
    );
    // 40 a minute on 1 instance: ⌈40 / 5⌉ is above the maximum, 3.
    let stop = pace(runtime, 40);
    await until(3);
    await stop();
    // 7 a minute: on 3 instances 2.3 each (below 4.5), so the low alarm scales in to ⌈7 / 5⌉ = 2,
    // where 3.5 each is still below 4.5: the low alarm stays in ALARM.
    stop = pace(runtime, 7);
    await until(2);
    await stop();
    const firstWall = performance.now();
    // 1 a minute: ⌈1 / 5⌉ = 1, as soon as the cooldown allows.
    stop = pace(runtime, 1);
    await until(1);
    const wall = performance.now() - firstWall;
    await stop();
    const { ScalingActivities = [] } = await aas.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker', ResourceId: resource.ResourceId }),
    );
    if (process.env.BENCH_DEBUG)
      for (const a of ScalingActivities)
        console.log(a.StartTime?.toISOString(), a.EndTime?.toISOString(), a.Description, a.StatusCode, a.Cause);
    const ins = ScalingActivities.filter((a) => /AlarmLow/.test(a.Cause ?? ''));
    const gap = ((ins[0].StartTime as Date).getTime() - ((ins[1].EndTime ?? ins[1].StartTime) as Date).getTime()) / 1000;
    console.log(
      `scale-in cooldown at speed ${SPEED}: ScaleInCooldown 600 s; the second scale-in came ${gap.toFixed(0)} s (simulated) after the first ended, ` +
        `${(wall / 1000).toFixed(2)} s of wall time from the first to the second (baseline: 600 s real time, ${(600_000 / wall).toFixed(0)}× faster).`,
    );
  } finally {
    aas.destroy();
    runtime.destroy();
    await server.stop();
    await metadata.close();
    await rm(root, { recursive: true, force: true });
  }
}

planningSpeed();
await cooldown();
