import type { AlarmActionHandler, AlarmRecord } from '../alarms/alarm-records.js';
import type { MetricStore } from '../metrics/metric-store.js';
import type { AutoscalingDeps } from './autoscaling-service.js';
import { variantOf } from './scalable-target-rules.js';
import { scaleTo, settleActivities } from './scale-variant.js';
import { type AlarmSignal, decide, type LastScaling, type ScalingState } from './scaling-decision.js';
import {
  parseVariantResourceId,
  SAGEMAKER_SERVICE,
  type ScalableTarget,
  type ScalingActivity,
  type ScalingPolicy,
} from './scaling-records.js';

/** Scaling policies' ARNs: `arn:aws:autoscaling:<region>:<account>:scalingPolicy:<uuid>:resource/…`. */
const POLICY_ARN = /^arn:aws[a-z-]*:autoscaling:[^:]*:\d{12}:scalingPolicy:/;

export interface ScalingEngineOptions {
  readonly deps: AutoscalingDeps & { readonly metrics: MetricStore };
  readonly log: (line: string) => void;
  /** Simulated milliseconds between passes: a minute, CloudWatch's period for the derived alarms. */
  readonly everyMs?: number;
}

/**
 * Application Auto Scaling's engine, run by `godwit server` on the server's clock. Each pass (a
 * simulated minute) ends the activities whose endpoint has settled, then acts on every policy
 * whose alarm is in ALARM — as AWS invokes a scaling policy once per period while its alarm stays
 * in ALARM — through `decide`, the rule the simulation runs too. An alarm action naming a policy
 * (`onAlarmAction`, the alarms capability's seam) acts at once. One thing happens at a time, and a
 * variant that is still changing (an activity in progress, an endpoint updating) waits.
 */
export class ScalingEngine {
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ScalingEngineOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.loop;
    await this.queue.catch(() => {});
  }

  /** One pass now; resolves when it is done (tests and the loop). */
  pass(): Promise<void> {
    return this.serially(() => this.passOnce());
  }

  /**
   * The alarms capability's action seam: an alarm whose actions name a policy ARN changed to ALARM.
   * Resolves with what was done, for the alarm's history.
   */
  onAlarmAction(policyArn: string, alarm: AlarmRecord): Promise<string> {
    let outcome = `No scaling policy ${policyArn}.`;
    return this.serially(async () => {
      const policy = (await this.options.deps.autoscaling.listPolicies({ serviceNamespace: SAGEMAKER_SERVICE })).find(
        (p) => p.arn === policyArn,
      );
      if (policy) outcome = await this.act(policy, alarm);
    }).then(() => outcome);
  }

  /** The seam as the alarm service takes it: every scaling policy ARN comes here. */
  actionHandler(): AlarmActionHandler {
    return {
      handles: (arn) => POLICY_ARN.test(arn),
      act: (arn, alarm) => this.onAlarmAction(arn, { ...alarm, state: 'ALARM' }),
    };
  }

  private async run(): Promise<void> {
    const every = this.options.everyMs ?? 60_000;
    while (!this.stop.signal.aborted) {
      try {
        await this.options.deps.clock.sleep(every, this.stop.signal);
      } catch {
        return;
      }
      await this.pass().catch((err) => this.options.log(`autoscaling: pass failed: ${(err as Error).message}`));
    }
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async passOnce(): Promise<void> {
    const { deps } = this.options;
    await settleActivities(deps);
    for (const policy of await deps.autoscaling.listPolicies({ serviceNamespace: SAGEMAKER_SERVICE })) {
      const alarms =
        policy.type === 'TargetTrackingScaling'
          ? await deps.alarms.list({ names: policy.alarms.map((a) => a.alarmName) })
          : await deps.alarms.list({ actionPrefix: policy.arn });
      for (const alarm of alarms) {
        if (alarm.state === 'ALARM' && alarm.actionsEnabled && alarm.alarmActions.includes(policy.arn)) {
          await this.act(policy, alarm);
        }
      }
    }
  }

  /** Acts on one policy for one alarm in ALARM; resolves with what was done or why nothing was. */
  private async act(policy: ScalingPolicy, alarm: AlarmRecord): Promise<string> {
    const { deps, log } = this.options;
    const target = await deps.autoscaling.getTarget(policy);
    if (!target) return `No scalable target ${policy.resourceId}.`;
    const history = await deps.autoscaling.listActivities({
      serviceNamespace: target.serviceNamespace,
      resourceIds: [target.resourceId],
    });
    if (history.some((a) => a.statusCode === 'InProgress')) return 'A scaling activity is in progress.';
    const variant = await variantOf(deps.endpoints, target).catch(() => undefined);
    const endpoint = await deps.endpoints.getEndpoint(parseVariantResourceId(target.resourceId)?.endpoint ?? '');
    if (!variant || endpoint?.status !== 'InService') return `The endpoint is ${endpoint?.status ?? 'gone'}.`;
    const state = stateOf(target, variant.instanceCount, history, deps.clock.now());
    const decision = decide(policy, await this.signal(alarm), state);
    if (!decision.scale) return `Not scaled: ${decision.reason}.`;
    const cause = `monitor alarm ${alarm.name} in state ALARM triggered policy ${policy.name}`;
    const activity = await scaleTo(deps, target, decision.to, cause, policy.name);
    log(`autoscaling: ${target.resourceId}: ${activity.description} (${activity.statusCode}; ${cause})`);
    return activity.description;
  }

  /** The alarm's evaluation window, read from the metric store with the alarm's own statistic. */
  private async signal(alarm: AlarmRecord): Promise<AlarmSignal> {
    const now = this.options.deps.clock.now();
    const points = await this.options.deps.metrics.statistics({
      namespace: alarm.namespace,
      metricName: alarm.metricName,
      dimensions: alarm.dimensions,
      start: new Date(now.getTime() - alarm.evaluationPeriods * alarm.period * 1000),
      end: now,
      period: alarm.period,
      statistics: [alarm.statistic],
      ...(alarm.unit !== undefined && { unit: alarm.unit }),
    });
    return { alarmName: alarm.name, threshold: alarm.threshold, values: points.map((p) => p.values[alarm.statistic]) };
  }
}

/** The target's bounds and the newest scaling of each direction that took (or is taking) effect. */
export function stateOf(target: ScalableTarget, current: number, history: readonly ScalingActivity[], now: Date): ScalingState {
  const last = (out: boolean): LastScaling | undefined => {
    const a = history.find(
      (h) =>
        (h.statusCode === 'Successful' || h.statusCode === 'InProgress') &&
        (out ? h.toCapacity > h.fromCapacity : h.toCapacity < h.fromCapacity),
    );
    return a && { at: a.endTime ?? a.startTime, from: a.fromCapacity };
  };
  const lastOut = last(true);
  const lastIn = last(false);
  return {
    now,
    current,
    min: target.minCapacity,
    max: target.maxCapacity,
    suspended: target.suspended,
    ...(lastOut && { lastOut }),
    ...(lastIn && { lastIn }),
  };
}
