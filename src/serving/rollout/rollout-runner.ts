import { rm } from 'node:fs/promises';
import type { Clock } from '../../core/clock.js';
import type { EndpointCatalog, EndpointConfigRecord, EndpointReport, VariantState } from '../../endpoints/endpoint-records.js';
import type { RolloutProgress } from '../../endpoints/rollout-records.js';
import type { EndpointHost } from '../host/endpoint-host.js';
import type { LiveEndpoint } from '../host/live-endpoint.js';
import { AlarmGuard } from './alarm-guard.js';
import type { FleetSplit } from './fleet-split.js';
import { blueAt, greenAt, nextBatch } from './rolling-capacity.js';
import { type DeploymentStage, deploymentEvent } from './rollout-events.js';
import type { RolloutPlan } from './rollout-plan.js';

/** What ended a bake early: a reason to roll back, or the host stopping (nothing more is recorded). */
type Verdict = { rollBack: string } | 'stopped' | undefined;

/**
 * One guarded update as it runs in the background of the endpoint host, on the injectable clock.
 * Each step is recorded before it takes effect (write-ahead: the traffic that serves is never
 * ahead of the record), then baked while the alarms are checked; the first alarm in ALARM, or the
 * execution timeout, sends every request back to the old fleet at once and ends the update
 * `InService` on the old config with the reason. After the last step every request goes to the
 * new fleet, which the host then serves directly; the old fleet is kept for the termination wait,
 * then drained, and the update ends `InService` on the new config. `stop()` (the host closing,
 * the endpoint deleted) ends the loop without recording anything, so a restart resumes it.
 */
export class Rollout {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private readonly guard: AlarmGuard;

  constructor(
    private readonly host: EndpointHost,
    private readonly split: FleetSplit,
    private readonly green: EndpointConfigRecord,
    private readonly plan: RolloutPlan,
    private progress: RolloutProgress,
    /** The endpoint record's generation the update's reports are for. */
    private readonly generation: number,
    /** The old fleet's recorded weights and counts: what it serves with when nothing was replaced. */
    private readonly blueFull: readonly VariantState[],
  ) {
    this.guard = new AlarmGuard(progress.deploymentConfig.autoRollback?.alarms ?? [], host.context.seams.rollouts ?? {});
  }

  private get catalog(): EndpointCatalog {
    return this.host.context.catalog;
  }

  private get clock(): Clock {
    return this.host.context.clock;
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** Runs the update from `progress` (a fresh one, or what a restarted server read back). */
  start(resumed: boolean): void {
    const name = this.progress.endpointName;
    this.running = this.run(resumed)
      .catch(async (err) => {
        if (this.stopped) return;
        this.host.context.log(`endpoint ${name}: rollout failed: ${(err as Error).message}`);
        await this.rollBack(`Deployment failed and was rolled back: ${(err as Error).message}`).catch((again) =>
          this.host.context.log(`endpoint ${name}: rollback failed: ${(again as Error).message}`),
        );
      })
      .finally(() => {
        if (this.host.rollouts.get(name) === this) this.host.rollouts.delete(name);
      });
  }

  /** Ends the loop where it is; an old fleet only this rollout still holds (termination wait) is drained. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    if (this.host.live.get(this.progress.endpointName) !== this.split) await this.split.blue.close();
  }

  private async run(resumed: boolean): Promise<void> {
    const p = this.progress;
    if (p.phase === 'rolling-back') return this.rollBack(p.reason ?? 'Deployment rolled back.');
    if (p.phase === 'terminating') return this.terminate(resumed);
    await this.record(resumed ? 'Resumed' : 'Started', p);
    for (let i = Math.max(0, p.step); i < this.plan.steps.length; i++) {
      if (i > this.progress.step) await this.shift(i);
      const verdict = await this.bake(this.plan.steps[i].bakeSeconds);
      if (verdict === 'stopped') return;
      if (verdict) return this.rollBack(verdict.rollBack);
      await this.record('BakeSucceeded', this.progress);
    }
    await this.terminate(false);
  }

  /** Records step `i`, then moves traffic (and, rolling, capacity) to it. */
  private async shift(i: number): Promise<void> {
    const share = this.plan.steps[i].greenShare;
    await this.resizeGreen(share);
    const next: RolloutProgress = {
      ...this.progress,
      phase: 'shifting',
      step: i,
      greenShare: share,
      stepStartedAt: this.clock.now(),
    };
    await this.record('TrafficShifted', next);
    this.split.greenShare = share;
    await this.resizeBlue(1 - share);
  }

  /** Waits out a baking period on the clock, checking alarms and the timeout as it goes. */
  private async bake(seconds: number): Promise<Verdict> {
    const every = await this.guard.checkEverySeconds();
    const end = Math.min(this.progress.stepStartedAt.getTime() + seconds * 1000, this.clock.now().getTime() + seconds * 1000);
    for (;;) {
      if (this.stopped) return 'stopped';
      const late = this.timedOut();
      if (late) return { rollBack: late };
      const reason = await this.guard.tripped();
      if (this.stopped) return 'stopped';
      if (reason) return { rollBack: reason };
      const left = end - this.clock.now().getTime();
      if (left <= 0) return undefined;
      await this.sleep(Math.min(left, every * 1000, this.untilTimeout()));
    }
  }

  private timedOut(): string | undefined {
    const limit = this.plan.timeoutSeconds;
    if (limit === undefined || this.untilTimeout() > 0) return undefined;
    return `Deployment rolled back: it did not finish within MaximumExecutionTimeoutInSeconds (${limit} seconds).`;
  }

  private untilTimeout(): number {
    const limit = this.plan.timeoutSeconds;
    if (limit === undefined) return Number.POSITIVE_INFINITY;
    const elapsed = Math.max(0, this.clock.now().getTime() - this.progress.startedAt.getTime());
    return limit * 1000 - elapsed;
  }

  /** Every request to the new fleet, which the host now serves directly; the old one waits, then goes. */
  private async terminate(resumed: boolean): Promise<void> {
    const { blue, green } = this.split;
    const name = this.progress.endpointName;
    if (this.host.live.get(name) === this.split) this.host.live.set(name, green);
    if (!resumed || this.progress.phase !== 'terminating') {
      const next: RolloutProgress = { ...this.progress, phase: 'terminating', greenShare: 1, stepStartedAt: this.clock.now() };
      await this.record('TerminationWaitStarted', next);
    }
    const end = this.progress.stepStartedAt.getTime() + this.plan.terminationWaitSeconds * 1000;
    const left = Math.min(end - this.clock.now().getTime(), this.plan.terminationWaitSeconds * 1000);
    if (left > 0) await this.sleep(left);
    if (this.stopped) return;
    await closeFleet(blue);
    const reported = await this.report({ status: 'InService', configName: this.green.name, variants: green.states() });
    if (reported) await this.finish('Completed');
  }

  /** Every request back to the old fleet at once, then the new one goes and the update ends on the old config. */
  private async rollBack(reason: string): Promise<void> {
    this.split.greenShare = 0;
    const name = this.progress.endpointName;
    const next: RolloutProgress = {
      ...this.progress,
      phase: 'rolling-back',
      greenShare: 0,
      reason,
      stepStartedAt: this.clock.now(),
    };
    await this.record('RollingBack', next);
    await this.report({ status: 'RollingBack', failureReason: reason });
    await this.restoreBlue();
    if (this.host.live.get(name) === this.split || !this.host.live.has(name)) this.host.live.set(name, this.split.blue);
    await closeFleet(this.split.green);
    const { blue } = this.split;
    const reported = await this.report({
      status: 'InService',
      configName: this.progress.blueConfig,
      failureReason: reason,
      variants: blue.states(),
    });
    if (reported) await this.finish('RolledBack');
  }

  /** The update is over: the progress row goes, with the event saying how it ended. */
  private async finish(stage: DeploymentStage): Promise<void> {
    const at = this.clock.now();
    await this.catalog.saveRollout(this.progress.endpointName, undefined, [
      deploymentEvent(stage, this.progress, this.green, at),
    ]);
  }

  private async record(stage: DeploymentStage, next: RolloutProgress): Promise<void> {
    this.progress = next;
    const event = deploymentEvent(stage, next, this.green, this.clock.now());
    await this.catalog.saveRollout(next.endpointName, next, [event]);
  }

  /** Reports to the catalog for the update's generation; false when the record moved on (deleted). */
  private async report(reached: Omit<EndpointReport, 'generation'>): Promise<boolean> {
    const name = this.progress.endpointName;
    const after = await this.catalog.reportEndpoint(name, { ...reached, generation: this.generation });
    if (after.status !== reached.status) return false;
    this.host.reconciled.set(name, after.generation);
    return true;
  }

  /** Rolling: the new fleet grows to `share` of its capacity before traffic moves to it. */
  private async resizeGreen(share: number): Promise<void> {
    if (this.plan.kind === 'rolling') await this.split.green.apply(greenAt(this.green, share));
  }

  /** Rolling: the old fleet shrinks to `share` of its capacity once traffic has left it. */
  private async resizeBlue(share: number): Promise<void> {
    if (this.plan.kind === 'rolling' && share > 0) await this.split.blue.apply(blueAt(this.blueFull, share));
  }

  /** Rolling: the old fleet back to its full capacity, `RollbackMaximumBatchSize` at a time. */
  private async restoreBlue(): Promise<void> {
    if (this.plan.kind !== 'rolling') return;
    const { blue } = this.split;
    for (let next = nextBatch(this.blueFull, blue.states(), this.plan.rollbackBatchShare); next; ) {
      await blue.apply(next);
      next = nextBatch(this.blueFull, blue.states(), this.plan.rollbackBatchShare);
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms, this.abort.signal).catch(() => {});
  }
}

async function closeFleet(fleet: LiveEndpoint): Promise<void> {
  await fleet.close();
  await rm(fleet.dir, { recursive: true, force: true });
}
