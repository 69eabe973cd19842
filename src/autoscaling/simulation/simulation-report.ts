import type { ChartSpec, EventMarker } from '../../charts/index.js';
import type { SimulatedMinute, Simulation } from './simulate-scaling.js';

export interface SimulationSummary {
  readonly minutes: number;
  readonly peakInstances: number;
  readonly lowestInstances: number;
  /** Σ serving instances × minutes: what the plan costs, in instance-hours when divided by 60. */
  readonly instanceMinutes: number;
  readonly scaleOuts: number;
  readonly scaleIns: number;
  /** Minutes in which any alarm was in ALARM. */
  readonly breachMinutes: number;
  /** Minutes whose load per instance was above `target` (target tracking only). */
  readonly minutesOverTarget?: number;
  readonly peakLoadPerInstance: number;
}

export function summarize(sim: Simulation, target?: number): SimulationSummary {
  const m = sim.minutes;
  return {
    minutes: m.length,
    peakInstances: Math.max(...m.map((x) => x.serving)),
    lowestInstances: Math.min(...m.map((x) => x.serving)),
    instanceMinutes: m.reduce((a, x) => a + x.serving, 0),
    scaleOuts: m.filter((x) => x.action?.direction === 'out').length,
    scaleIns: m.filter((x) => x.action?.direction === 'in').length,
    breachMinutes: m.filter(breaching).length,
    ...(target !== undefined && { minutesOverTarget: m.filter((x) => x.loadPerInstance > target).length }),
    peakLoadPerInstance: Math.max(...m.map((x) => x.loadPerInstance)),
  };
}

const breaching = (x: SimulatedMinute) => Object.values(x.alarms).includes('ALARM');

/** The alarm's short label: `AlarmHigh` / `AlarmLow` for derived alarms, else its name. */
export const alarmLabel = (name: string) => /-(Alarm(?:High|Low))-[^/]*$/.exec(name)?.[1] ?? name;

/**
 * Three panels over the simulated minutes: serving and desired instances; load per instance with
 * the target (and the low alarm's threshold); and, per alarm, 1 while it is in ALARM. Every
 * scaling action is a marker.
 */
export function simulationChart(sim: Simulation, options: { title?: string; target?: number } = {}): ChartSpec {
  const m = sim.minutes;
  const events: EventMarker[] = m.flatMap((x) =>
    x.action
      ? [
          {
            x: x.minute,
            label: `scale-${x.action.direction} to ${x.action.to}`,
            color: x.action.direction === 'out' ? '#d62728' : '#2ca02c',
          },
        ]
      : [],
  );
  return {
    title: options.title ?? 'Autoscaling simulation',
    x: { label: 'minute' },
    panels: [
      {
        y: { label: 'instances', min: 0 },
        series: [
          { name: 'serving instances', style: 'step', points: m.map((x) => ({ x: x.minute, y: x.serving })) },
          { name: 'desired instances', style: 'step', dashed: true, points: m.map((x) => ({ x: x.minute, y: x.desired })) },
        ],
        events,
      },
      {
        y: { label: 'requests/min per instance', min: 0 },
        series: [{ name: 'load per instance', points: m.map((x) => ({ x: x.minute, y: round(x.loadPerInstance) })) }],
        references: sim.alarms.map((a) => ({ y: a.threshold, label: `${alarmLabel(a.name)} ${a.threshold}` })),
      },
      {
        y: { label: 'in ALARM', min: 0, max: 1, ticks: 2 },
        series: sim.alarms.map((a) => ({
          name: alarmLabel(a.name),
          style: 'step' as const,
          points: m.map((x) => ({ x: x.minute, y: x.alarms[a.name] === 'ALARM' ? 1 : 0 })),
        })),
        events,
      },
    ],
  };
}

export const round = (x: number) => Math.round(x * 100) / 100;
