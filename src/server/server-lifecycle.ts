import { hostname } from 'node:os';
import { type AlarmEvaluator, alarmEvaluator } from '../alarms/alarm-evaluator.js';
import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import { ExperimentRunner } from '../experiments/experiment-runner.js';
import { MONITORING_JOBS, type MonitoringJobs } from '../monitor/schedules/monitoring-jobs.js';
import type { RunDeps } from '../monitor/schedules/run-execution.js';
import { ScheduleRunner } from '../monitor/schedules/schedule-runner.js';
import type { openLocalServices } from '../runtime/local-services.js';
import { AsyncInference } from '../serving/async/async-inference.js';
import type { ServerHost } from '../serving/host/server-host.js';
import type { StoreOptions } from '../store/index.js';
import { startAutoscaling } from './server-autoscaling.js';
import type { AppServices } from './server-context.js';

type Opened = Awaited<ReturnType<typeof openLocalServices>>;

export interface LifecycleOptions {
  readonly home: GodwitHome;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** How often loops that watch recorded state look again, in real milliseconds. */
  readonly tickMs?: number;
  readonly opened: Opened;
  readonly serving: ServerHost;
  /** How `s3://` input and output reach this server's own S3 door; read once the server listens. */
  readonly storeOptions: () => StoreOptions;
  /** The monitoring jobs schedules run, by type; `MONITORING_JOBS` by default. */
  readonly monitoringJobs?: MonitoringJobs;
}

/**
 * What runs around the endpoints in `godwit server`, each on the server's one clock: shadow tests
 * (inference experiments), InvokeEndpointAsync's workers, the alarm evaluator, Application Auto
 * Scaling's engine and Model Monitor's schedules. Constructing does no I/O; the server calls `recover` with the other recoveries
 * (asynchronous requests an earlier server held are queued again), `start` once endpoints are back,
 * and `close` before the endpoint host drains.
 */
export class ServerLifecycle {
  readonly experiments: ExperimentRunner;
  readonly asyncInference: AsyncInference;
  readonly alarms: AlarmEvaluator;
  readonly monitoring: ScheduleRunner;
  private autoscaling: { close(): Promise<void> } | undefined;

  constructor(private readonly options: LifecycleOptions) {
    const { opened, serving, clock, log, tickMs } = options;
    this.experiments = new ExperimentRunner({ clock, log, tickMs });
    this.asyncInference = new AsyncInference({
      queue: opened.metadata.asyncQueue,
      catalog: opened.metadata.endpoints,
      host: serving.host,
      metrics: opened.metadata.metrics,
      clock,
      storeOptions: options.storeOptions,
      // One server per home: what this owner held when it died is nobody else's.
      owner: `${hostname()}:${options.home.root}`,
      tickMs,
      log,
    });
    this.alarms = alarmEvaluator({ alarms: opened.metadata.alarms, clock, flush: serving.flushMetrics, log });
    this.monitoring = new ScheduleRunner({ clock, log, tickMs });
  }

  /** The metadata front doors use: the host's waking endpoint catalog, experiments that wake their runner. */
  metadata(): AppServices['metadata'] {
    const { opened, serving } = this.options;
    return {
      ...opened.metadata,
      endpoints: serving.catalog,
      experiments: this.experiments.wrap(opened.metadata.experiments),
      monitoring: this.monitoring.wrap(opened.metadata.monitoring),
    };
  }

  async recover(): Promise<void> {
    await this.asyncInference.start();
    await this.monitoring.recover(this.#monitoringDeps());
  }

  /** What monitoring executions read and write: the unwrapped catalog (the runner's own changes need not wake it). */
  #monitoringDeps(): RunDeps {
    const { opened, serving, clock, log } = this.options;
    return {
      monitoring: opened.metadata.monitoring,
      endpoints: serving.catalog,
      metrics: opened.metadata.metrics,
      processingJobs: opened.metadata.jobs,
      jobs: this.options.monitoringJobs ?? MONITORING_JOBS,
      clock,
      storeOptions: this.options.storeOptions,
      log,
    };
  }

  async start(services: AppServices): Promise<void> {
    // Scaling starts before the alarm evaluator, so the first alarm action naming a scaling policy finds its handler.
    this.autoscaling = await startAutoscaling(services, this.options.clock, this.options.log);
    this.alarms.start();
    this.experiments.start(services.metadata);
    this.monitoring.start(this.#monitoringDeps());
  }

  async close(): Promise<void> {
    await this.monitoring.close();
    await this.alarms.close();
    await this.autoscaling?.close();
    await this.asyncInference.close();
    await this.experiments.close();
  }
}
