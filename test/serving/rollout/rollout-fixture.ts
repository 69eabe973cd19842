import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlarmDefinition } from '../../../src/alarms/alarm-records.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { hostingFixture } from '../../server/hosting-fixture.js';
import { linearModel } from '../host/host-fixture.js';

/**
 * A SageMaker serving container (node, stdlib only) that doubles its CSV input and fails with a
 * 500 on 30 % of inputs, deterministically: every x with x mod 10 < 3. The faulty model of the
 * guarded-rollout tests.
 */
const FAULTY_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  if (req.url === '/ping') return res.end('ok');
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const x = Number(body.trim());
    if (Math.abs(x) % 10 < 3) { res.statusCode = 500; return res.end('faulty model: refused ' + x); }
    res.setHeader('content-type', 'text/csv');
    res.end(String(2 * x) + '\\n');
  });
}).listen(Number(process.env.SAGEMAKER_BIND_TO_PORT), '127.0.0.1');
`;

/** A 5XX alarm on one variant of an endpoint, as a guardrail would watch a canary. */
export function errorAlarm(name: string, endpoint: string, variant: string, period = 60): AlarmDefinition {
  return {
    name,
    namespace: 'AWS/SageMaker',
    metricName: 'Invocation5XXErrors',
    dimensions: { EndpointName: endpoint, VariantName: variant },
    statistic: 'Sum',
    period,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 0,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
    tags: [],
  };
}

/**
 * A server in this process on a clock running `speed` times real time, the official SageMaker
 * clients pointed at it, and two models: `good` (linear learner, y = 2x) and `faulty` (the
 * container above: y = 2x, but a 500 for x mod 10 < 3).
 */
export async function rolloutFixture(speed: number) {
  const fixture = await hostingFixture({ clock: scaledClock(speed) });
  const root = fixture.root;
  const good = join(root, 'models', 'good');
  await saveLinearModel(good, linearModel([2], 0));
  const faulty = join(root, 'faulty.cjs');
  writeFileSync(faulty, FAULTY_SERVER);
  const catalog = fixture.host.endpoints;
  await catalog.createModel({
    name: 'good',
    containers: [{ image: 'godwit/linear-learner', modelDataUrl: good }],
    inferenceMode: 'Serial',
    tags: [],
  });
  await catalog.createModel({
    name: 'faulty',
    containers: [{ command: [process.execPath, faulty], modelDataUrl: good }],
    inferenceMode: 'Serial',
    tags: [],
  });
  return fixture;
}
