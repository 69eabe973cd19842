/**
 * Where an execution's metrics go in the metric store, as SageMaker's pages name them:
 *   DataQuality          /aws/sagemaker/Endpoints/data-metric            EndpointName, ScheduleName
 *                        /aws/sagemaker/ModelMonitoring/data-metric      MonitoringSchedule (batch transform)
 *   ModelQuality         aws/sagemaker/Endpoints/model-metrics           Endpoint, MonitoringSchedule
 *   ModelBias            aws/sagemaker/Endpoints/bias-metrics            Endpoint, MonitoringSchedule (+ the job's)
 *   ModelExplainability  aws/sagemaker/Endpoints/explainability-metrics  Endpoint, MonitoringSchedule (+ the job's)
 * and `aws/sagemaker/ModelMonitoring/…` with `MonitoringSchedule` for a batch-transform input. The
 * data-quality dimensions are the ones model-monitor-interpreting-cloudwatch.md gives; the other
 * kinds' are the Clarify pages' `Endpoint` and `MonitoringSchedule`.
 */
import type { MetricDatum } from '../../metrics/metric-store.js';
import type { MonitoringMetric, MonitoringType } from '../monitoring-job.js';

const SUFFIX: Readonly<Record<MonitoringType, string>> = {
  DataQuality: 'data-metric',
  ModelQuality: 'model-metrics',
  ModelBias: 'bias-metrics',
  ModelExplainability: 'explainability-metrics',
};

export function metricNamespace(type: MonitoringType, onEndpoint: boolean): string {
  const root = onEndpoint ? 'aws/sagemaker/Endpoints' : 'aws/sagemaker/ModelMonitoring';
  // Only the data-quality page writes the namespace with a leading slash.
  return `${type === 'DataQuality' ? '/' : ''}${root}/${SUFFIX[type]}`;
}

export function metricDimensions(type: MonitoringType, schedule: string, endpoint?: string): Record<string, string> {
  if (endpoint === undefined) return { MonitoringSchedule: schedule };
  return type === 'DataQuality'
    ? { EndpointName: endpoint, ScheduleName: schedule }
    : { Endpoint: endpoint, MonitoringSchedule: schedule };
}

/** The run's metrics as data, stamped with the time the run finished (so an alarm sees them in the period it evaluates). */
export function monitoringData(
  type: MonitoringType,
  schedule: string,
  endpoint: string | undefined,
  metrics: readonly MonitoringMetric[],
  at: Date,
): MetricDatum[] {
  const namespace = metricNamespace(type, endpoint !== undefined);
  const base = metricDimensions(type, schedule, endpoint);
  return metrics
    .filter((m) => Number.isFinite(m.value))
    .map((m) => ({
      namespace,
      metricName: m.name,
      dimensions: { ...base, ...m.dimensions },
      timestamp: at,
      unit: 'None',
      value: m.value,
    }));
}
