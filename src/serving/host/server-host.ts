import type { AlarmService } from '../../alarms/alarm-records.js';
import { type Clock, systemClock } from '../../core/clock.js';
import type { GodwitHome } from '../../core/home.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { EndpointMetrics } from '../../metrics/endpoint-metrics.js';
import type { MetricStore } from '../../metrics/metric-store.js';
import type { StoreOptions } from '../../store/index.js';
import { EndpointHost } from './endpoint-host.js';
import type { HostSeams } from './host-seams.js';
import { notifyingCatalog } from './notifying-catalog.js';

export interface ServerHost {
  readonly host: EndpointHost;
  /** The catalog front doors use: the same records, and a change wakes the host. */
  readonly catalog: EndpointCatalog;
  /** Opens the shadow recorder and brings back every recorded endpoint. */
  start(): Promise<void>;
  /** Drains every endpoint, then flushes shadow records. */
  close(): Promise<void>;
  /** Writes the invocation metrics recorded so far to the metric store (the alarm evaluator calls it before it reads). */
  flushMetrics(): Promise<void>;
}

export interface ServerHostOptions {
  readonly catalog: EndpointCatalog;
  /** Where per-variant invocation metrics go (AWS/SageMaker, as CloudWatch names them). */
  readonly metrics: MetricStore;
  readonly home: GodwitHome;
  /** The time endpoints and their metrics run on; the system clock by default. */
  readonly clock?: Clock;
  readonly log: (line: string) => void;
  /** Reaches `s3://` and `gs://` for model data and capture; set once the server listens. */
  readonly storeOptions: () => StoreOptions;
  readonly tickMs?: number;
  /** The alarms guarded updates roll back on (`AutoRollbackConfiguration`). */
  readonly alarms?: AlarmService;
  /** How long a serverless variant's instance may be unused before it stops (simulated time). */
  readonly serverlessIdleMs?: number;
}

/**
 * The endpoint host as `godwit server` runs it, with every seam wired: capture writes through the
 * capture writer, shadow pairs go to the shadow recorder under the home, invocations are counted
 * by the endpoint metrics recorder into the metric store. Also returns the catalog
 * the front doors must use, so a change made through the server wakes the host at once.
 * Constructing does no I/O; `host.start()` does.
 */
export function serverHost(options: ServerHostOptions): ServerHost {
  const { home, log } = options;
  const clock = options.clock ?? systemClock;
  let recorder: import('../shadow/shadow-recorder.js').ShadowRecorder | undefined;
  let metrics: EndpointMetrics | undefined;
  const seams: HostSeams = {
    get storeOptions() {
      return options.storeOptions();
    },
    openCapture: async (endpointName, spec) => {
      const { openCaptureThread } = await import('../capture/capture-thread.js');
      return openCaptureThread({
        spec,
        storeOptions: options.storeOptions(),
        onWriteError: (err, attempt) =>
          log(`endpoint ${endpointName}: capture write failed (attempt ${attempt}): ${(err as Error).message}`),
      });
    },
    shadows: {
      record: (...args) => recorder?.record(...args),
    },
    rollouts: {
      alarms: () => options.alarms,
      flushMetrics: async () => metrics?.flush(),
    },
    modelSetup: (EndpointName, VariantName, microseconds) => {
      // SAGEMAKER_NAMESPACE's value, written here so endpoint-metrics.js stays loaded lazily.
      const datum = { namespace: 'AWS/SageMaker', metricName: 'ModelSetupTime', dimensions: { EndpointName, VariantName } };
      options.metrics
        .put([{ ...datum, timestamp: clock.now(), unit: 'Microseconds', value: microseconds }])
        .catch((err) => log(`endpoint ${EndpointName}: ModelSetupTime write failed: ${(err as Error).message}`));
    },
    metrics: {
      variant: (endpointName, variantName) => {
        const variant = metrics?.variant(endpointName, variantName);
        return {
          record: (status, modelLatencyUs, overheadLatencyUs, instances) => {
            if (!variant) return;
            variant.setInstanceCount(instances);
            variant.record({ status, modelLatencyUs, overheadLatencyUs });
          },
        };
      },
    },
  };
  const host = new EndpointHost({
    catalog: options.catalog,
    home,
    seams,
    clock,
    log,
    tickMs: options.tickMs,
    serverlessIdleMs: options.serverlessIdleMs,
  });
  return {
    host,
    start: async () => {
      const [{ ShadowRecorder }, { endpointMetrics }] = await Promise.all([
        import('../shadow/shadow-recorder.js'),
        import('../../metrics/endpoint-metrics.js'),
      ]);
      // On the server's clock, so a shadow test's window (on the same clock) selects its records.
      recorder = new ShadowRecorder({ home, clock, onError: (err) => log(`shadow record failed: ${(err as Error).message}`) });
      metrics = endpointMetrics({
        store: options.metrics,
        clock,
        onError: (err) => log(`endpoint metrics write failed: ${(err as Error).message}`),
      });
      await host.start();
    },
    catalog: notifyingCatalog(options.catalog, () => void host.reconcile().catch(() => {})),
    flushMetrics: async () => {
      await metrics?.flush();
    },
    close: async () => {
      await host.close();
      await Promise.all([recorder?.close(), metrics?.close()]);
    },
  };
}
