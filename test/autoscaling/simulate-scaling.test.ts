import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { readPolicyConfiguration } from '../../src/autoscaling/policy-document.js';
import { simulateScaling } from '../../src/autoscaling/simulation/simulate-scaling.js';
import { simulationChart, summarize } from '../../src/autoscaling/simulation/simulation-report.js';
import { diurnal, readTrafficCsv } from '../../src/autoscaling/simulation/traffic-profile.js';
import { renderChart } from '../../src/charts/index.js';

const tracking = (extra: Record<string, unknown> = {}) =>
  readPolicyConfiguration('TargetTrackingScaling', {
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 100,
      PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      ...extra,
    },
  });

describe('traffic profiles', () => {
  test('a CSV of minute,requests_per_minute holds each rate until the next row', () => {
    assert.deepEqual(readTrafficCsv('minute,rpm\n0,10\n3,40\n# comment\n5,0\n'), [10, 10, 10, 40, 40, 0]);
    assert.throws(() => readTrafficCsv('0,10\n1,-5\n', 'load.csv'), /Line 2 of load.csv is "1,-5"/);
    assert.throws(
      () => readTrafficCsv('minute,rpm\n'),
      (err: { code?: string }) => err.code === 'E_TRAFFIC_PROFILE',
    );
  });

  test('a diurnal curve runs from trough to peak and back once per period', () => {
    const day = diurnal({ peak: 1000, trough: 100 });
    assert.equal(day.length, 1440);
    assert.deepEqual([day[0], day[720], day[360]], [100, 1000, 550]);
  });
});

describe('simulating a policy over a traffic profile', () => {
  test('target tracking follows a day: out on 3 minutes above target, in after 15 below 90 %, within bounds and cooldowns', () => {
    const sim = simulateScaling({
      traffic: diurnal({ peak: 1000, trough: 100 }),
      policy: tracking({ ScaleInCooldown: 600 }),
      minCapacity: 1,
      maxCapacity: 8,
      initialCapacity: 1,
    });
    const s = summarize(sim, 100);
    assert.deepEqual([s.peakInstances, s.lowestInstances], [8, 1]);
    const actions = sim.minutes.filter((m) => m.action);
    for (const m of actions.filter((x) => x.action?.direction === 'out')) {
      // Three one-minute datapoints above the target before each scale-out.
      const window = sim.minutes.slice(m.minute - 2, m.minute + 1);
      assert.ok(
        window.every((w) => w.loadPerInstance > 100),
        `minute ${m.minute}`,
      );
    }
    const ins = actions.filter((x) => x.action?.direction === 'in');
    assert.ok(ins.length >= 5);
    for (const m of ins) {
      const window = sim.minutes.slice(m.minute - 14, m.minute + 1);
      assert.ok(
        window.every((w) => w.loadPerInstance < 90),
        `minute ${m.minute}`,
      );
    }
    for (let i = 1; i < ins.length; i++) assert.ok(ins[i].minute - ins[i - 1].minute >= 10, 'the scale-in cooldown holds');
    // The last scale-in leaves the load per instance at or under the target.
    const after = sim.minutes[ins[ins.length - 1].minute + 1];
    assert.ok(after.loadPerInstance <= 100);
  });

  test('DisableScaleIn keeps the capacity the peak needed', () => {
    const sim = simulateScaling({
      traffic: diurnal({ peak: 600, trough: 50 }),
      policy: tracking({ DisableScaleIn: true }),
      minCapacity: 1,
      maxCapacity: 10,
      initialCapacity: 1,
    });
    assert.equal(sim.alarms.length, 1);
    assert.equal(sim.minutes[sim.minutes.length - 1].serving, summarize(sim).peakInstances);
    assert.equal(summarize(sim).scaleIns, 0);
  });

  test('a step policy scales by its steps when the alarm it names breaches; warm-up delays new capacity', () => {
    const policy = readPolicyConfiguration('StepScaling', {
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 100, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 100, ScalingAdjustment: 3 },
        ],
        Cooldown: 120,
      },
    });
    const stepAlarm = {
      name: 'busy',
      namespace: 'AWS/SageMaker',
      metricName: 'InvocationsPerInstance',
      dimensions: {},
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 100,
      comparisonOperator: 'GreaterThanThreshold' as const,
      treatMissingData: 'missing' as const,
      actionsEnabled: true,
      alarmActions: [],
      okActions: [],
      insufficientDataActions: [],
      tags: [],
    };
    const traffic = [...Array(5).fill(50), ...Array(30).fill(250)];
    const sim = simulateScaling({
      traffic,
      policy,
      stepAlarm,
      minCapacity: 1,
      maxCapacity: 6,
      initialCapacity: 1,
      warmupMinutes: 3,
    });
    const first = sim.minutes.find((m) => m.action);
    // 250 on one instance breaches by 150: the second step, +3, after two breaching minutes.
    assert.deepEqual([first?.minute, first?.action?.to], [6, 4]);
    assert.deepEqual(
      sim.minutes.slice(7, 11).map((m) => m.serving),
      [1, 1, 1, 4],
    );
    assert.throws(
      () => simulateScaling({ traffic, policy, minCapacity: 1, maxCapacity: 6, initialCapacity: 1 }),
      /alarm that invokes it/,
    );
  });

  test('draws instances, load per instance and alarm states as a well-formed SVG', () => {
    const sim = simulateScaling({
      traffic: diurnal({ peak: 400, trough: 40, minutes: 720 }),
      policy: tracking(),
      minCapacity: 1,
      maxCapacity: 5,
      initialCapacity: 1,
    });
    const svg = renderChart(simulationChart(sim, { target: 100 }));
    const script = 'import sys, xml.etree.ElementTree as ET; r = ET.fromstring(sys.stdin.read()); print(r.tag)';
    assert.equal(
      execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' }).trim(),
      '{http://www.w3.org/2000/svg}svg',
    );
    for (const label of ['serving instances', 'load per instance', 'AlarmHigh', 'AlarmLow', 'scale-out to 2'])
      assert.ok(svg.includes(label), label);
  });
});
