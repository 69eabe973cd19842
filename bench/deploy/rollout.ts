/**
 * Guarded rollouts on a simulated clock (issue 12's figures), one `godwit server` in this process:
 *
 * 1. speed — a CANARY update with a 10-minute bake (and a 5XX alarm watched every 30 simulated
 *    seconds) beside its baseline, an unguarded UpdateEndpoint of the same configs on the same
 *    server: wall and CPU time of each, and the ratio;
 * 2. rollback — a faulty canary (a container that fails 30 % of inputs) under a Sum(5XX) > 0
 *    alarm of period 60 s: simulated time from the canary's first failure, and from the alarm's
 *    move to ALARM, to the rollback taking effect (the RollingBack event, written after the split
 *    already sends everything to the old fleet);
 * 3. load — autocannon (10 connections, in this process) against InvokeEndpoint during a LINEAR
 *    update: failed requests, and answers per fleet and second, checked against the times each
 *    fleet was live (new fleet: from its first shift; old fleet: until it was drained).
 *
 *   node --conditions=godwit-source --import tsx bench/deploy/rollout.ts
 */
import { createRequire } from 'node:module';
import { cpuUsage } from 'node:process';
import { CreateEndpointCommand, type DeploymentConfig, UpdateEndpointCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { errorAlarm, rolloutFixture } from '../../test/serving/rollout/rollout-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const SPEED = Number(process.env.BENCH_CLOCK_SPEED ?? 3000);
const f = await rolloutFixture(SPEED);
const catalog = f.host.endpoints;
const variant = (name: string, model: string) => ({
  variantName: name,
  modelName: model,
  initialInstanceCount: 2,
  initialVariantWeight: 1,
  instanceType: 'ml.m5.large',
});
for (const [config, v, model] of [
  ['blue', 'blue', 'good'],
  ['green', 'green', 'good'],
  ['faulty', 'canary', 'faulty'],
] as const) {
  await catalog.createEndpointConfig({ name: config, productionVariants: [variant(v, model)], shadowVariants: [], tags: [] });
}
const runtime = new SageMakerRuntimeClient({
  endpoint: f.server.url,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});

async function settled(name: string): Promise<void> {
  for (;;) {
    const e = await catalog.getEndpoint(name);
    if (e?.status === 'InService' || e?.status === 'Failed') return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function stages(name: string) {
  return (await f.host.outbox.since(undefined, 100_000))
    .map((e) => e.event)
    .filter((e) => e['detail-type'] === 'SageMaker Endpoint Deployment State Change' && e.detail.EndpointName === name)
    .map((e) => ({ stage: String(e.detail.DeploymentStage), share: Number(e.detail.TrafficShare), at: Date.parse(e.time) }));
}

/** Wall milliseconds and CPU milliseconds (this process: server and client) of one update. */
async function timed(name: string, config: string, deployment?: DeploymentConfig) {
  const wall = performance.now();
  const cpu = cpuUsage();
  await f.sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: config, DeploymentConfig: deployment }));
  await settled(name);
  const used = cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

async function create(name: string, config: string) {
  await f.sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config }));
  await settled(name);
}

// 1. A canary with a 10-minute bake, beside an unguarded swap.
await create('speed', 'blue');
await f.host.alarms.put(errorAlarm('speed-5xx', 'speed', 'green'));
const canary: DeploymentConfig = {
  BlueGreenUpdatePolicy: {
    TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 },
    TerminationWaitInSeconds: 0,
  },
  AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'speed-5xx' }] },
};
const swap = await timed('speed', 'green');
await timed('speed', 'blue');
const guarded = await timed('speed', 'green', canary);
const s1 = await stages('speed');
const simulated = (s1[s1.length - 1].at - s1[0].at) / 1000;
console.log(`clock speed ${SPEED}x; machine shared with other agents (CPU times given)`);
console.log(
  `canary, 10-minute bake: ${guarded.wallMs.toFixed(0)} ms wall, ${guarded.cpuMs.toFixed(0)} ms CPU, ${simulated} simulated s ` +
    `(${s1.map((s) => s.stage).join(' → ')})`,
);
console.log(
  `baseline unguarded update: ${swap.wallMs.toFixed(0)} ms wall, ${swap.cpuMs.toFixed(0)} ms CPU; ratio ${(guarded.wallMs / swap.wallMs).toFixed(2)}x wall`,
);
console.log(`  target < 1000 ms wall: ${guarded.wallMs < 1000 ? 'met' : 'NOT met'}`);

// 2. A faulty canary rolled back: how soon after its first failure and after its alarm. At a
// slower clock (a 60 s period is 200 ms of wall time), so request latency does not blur it.
const ROLLBACK_SPEED = 300;
const g = await rolloutFixture(ROLLBACK_SPEED);
await g.host.endpoints.createEndpointConfig({
  name: 'blue',
  productionVariants: [variant('blue', 'good')],
  shadowVariants: [],
  tags: [],
});
await g.host.endpoints.createEndpointConfig({
  name: 'faulty',
  productionVariants: [variant('canary', 'faulty')],
  shadowVariants: [],
  tags: [],
});
await g.sm.send(new CreateEndpointCommand({ EndpointName: 'rollback', EndpointConfigName: 'blue' }));
while ((await g.host.endpoints.getEndpoint('rollback'))?.status !== 'InService') await new Promise((r) => setTimeout(r, 5));
await g.host.alarms.put(errorAlarm('rollback-5xx', 'rollback', 'canary', 60));
const runtime2 = new SageMakerRuntimeClient({
  endpoint: g.server.url,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
let over = false;
/** When the first request that failed was sent: the failure came after, so the delay measured is an upper bound. */
let firstFailure = Number.POSITIVE_INFINITY;
const loop = async () => {
  for (let x = 0; !over; x++) {
    const sent = g.clock.now().getTime();
    try {
      await runtime2.send(
        new InvokeEndpointCommand({ EndpointName: 'rollback', ContentType: 'text/csv', Body: Buffer.from(`${x}\n`) }),
      );
    } catch {
      firstFailure = Math.min(firstFailure, sent);
    }
  }
};
const loops = Promise.all([loop(), loop()]);
await g.sm.send(
  new UpdateEndpointCommand({
    EndpointName: 'rollback',
    EndpointConfigName: 'faulty',
    DeploymentConfig: { ...canary, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'rollback-5xx' }] } },
  }),
);
await new Promise((r) => setTimeout(r, 50));
while ((await g.host.endpoints.getEndpoint('rollback'))?.status !== 'InService') await new Promise((r) => setTimeout(r, 5));
over = true;
await loops;
const s2 = (await g.host.outbox.since(undefined, 100_000))
  .map((e) => e.event)
  .filter((e) => e.detail.EndpointName === 'rollback' && e.detail.DeploymentStage === 'RollingBack');
const rolledBack = s2.length > 0 ? Date.parse(s2[0].time) : Number.NaN;
const history = await g.host.alarms.history('rollback-5xx', { type: 'StateUpdate' });
const alarmAt = history.find((h) => /to ALARM/.test(h.summary))?.timestamp.getTime() ?? Number.NaN;
console.log(
  `rollback (clock ${ROLLBACK_SPEED}x): ${((rolledBack - firstFailure) / 1000).toFixed(1)} simulated s after the first failing request was sent, ` +
    `${((rolledBack - alarmAt) / 1000).toFixed(1)} s after the alarm went to ALARM ` +
    `(period 60 s: ${rolledBack - alarmAt <= 60_000 ? 'within one period' : 'NOT within one period'}); FailureReason: ` +
    `${(await g.host.endpoints.getEndpoint('rollback'))?.failureReason}`,
);
runtime2.destroy();
await g.close();

// 3. Steady load during a LINEAR update: nothing fails, each fleet answers only while live.
await create('load', 'blue');
const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: object,
  done: (err: Error | null, r: Result) => void,
) => unknown;
type Result = { errors: number; timeouts: number; non2xx: number; requests: { total: number } };
const answers: { fleet: string; at: number }[] = [];
const loadSpeed = SPEED;
const loadDone = new Promise<Result>((resolve, reject) =>
  autocannon(
    {
      url: `${f.server.url}/endpoints/load/invocations`,
      connections: 10,
      duration: 4,
      requests: [
        {
          method: 'POST',
          body: '3\n',
          headers: {
            'content-type': 'text/csv',
            authorization:
              'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261206/eu-west-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0',
          },
          onResponse: (_status: number, _body: string, _ctx: unknown, headers: Record<string, string>) =>
            answers.push({ fleet: headers['x-amzn-invoked-production-variant'] ?? '?', at: f.clock.now().getTime() }),
        },
      ],
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  ),
);
await new Promise((r) => setTimeout(r, 500));
const linear: DeploymentConfig = {
  BlueGreenUpdatePolicy: {
    TrafficRoutingConfiguration: {
      Type: 'LINEAR',
      LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
      WaitIntervalInSeconds: Math.round(loadSpeed * 0.5),
    },
    TerminationWaitInSeconds: Math.round(loadSpeed * 0.3),
  },
};
const update = await timed('load', 'green', linear);
const result = await loadDone;
const s3 = await stages('load');
const greenLive = s3.find((s) => s.stage === 'TrafficShifted')?.at ?? Number.NaN;
const blueGone = s3.find((s) => s.stage === 'Completed')?.at ?? Number.NaN;
const early = answers.filter((a) => a.fleet === 'green' && a.at < greenLive).length;
const late = answers.filter((a) => a.fleet === 'blue' && a.at > blueGone).length;
const t0 = answers[0]?.at ?? 0;
const perSecond = new Map<number, Record<string, number>>();
for (const a of answers) {
  const sec = Math.floor((a.at - t0) / 1000 / loadSpeed);
  const row = perSecond.get(sec) ?? {};
  row[a.fleet] = (row[a.fleet] ?? 0) + 1;
  perSecond.set(sec, row);
}
console.log(
  `load during a LINEAR update (${update.wallMs.toFixed(0)} ms wall): ${result.requests.total} requests, ` +
    `${result.errors + result.timeouts + result.non2xx} failed; green answers before its first shift: ${early}; blue answers after it was drained: ${late}`,
);
for (const [sec, row] of [...perSecond].sort((a, b) => a[0] - b[0])) console.log(`  second ${sec}: ${JSON.stringify(row)}`);
console.log(
  `  stages (simulated s from start): ${s3.map((s) => `${s.stage}@${((s.at - s3[0].at) / 1000).toFixed(0)}`).join(', ')}`,
);
runtime.destroy();
await f.close();
