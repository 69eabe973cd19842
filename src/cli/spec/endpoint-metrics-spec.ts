/** `godwit endpoint metrics …`: an endpoint's recorded invocation metrics, per variant. */
import { defineGroup, defineVerb } from './command-spec.js';

export const endpointMetricsOptions = {
  variant: { type: 'string', value: 'NAME', summary: 'Only this variant.' },
  since: { type: 'string', value: 'AGE', summary: 'From this long ago (30m, 1h, 2d) or this time; default 1h.' },
  period: { type: 'string', value: 'SECONDS', summary: 'A row per period (60, 300, …); default one row for the whole range.' },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const endpointMetrics = defineVerb({
  name: 'metrics',
  summary: "An endpoint's invocations, errors and latency percentiles per variant",
  args: [{ name: 'NAME' }],
  options: endpointMetricsOptions,
  description: `Reads the metrics the server recorded (AWS/SageMaker, as CloudWatch names them): Invocations,
Invocation4XXErrors, Invocation5XXErrors, InvocationsPerInstance, and ModelLatency and OverheadLatency
as p50/p90/p99 in milliseconds. Needs no running server: it reads the metadata database.`,
  examples: ['godwit endpoint metrics churn', 'godwit endpoint metrics churn --variant canary --since 6h --period 300'],
  load: async () => (await import('../commands/endpoint-metrics.js')).endpointMetricsCommand,
});

/**
 * The `endpoints` noun with only `metrics`, until the endpoint catalog's group lands: on merge,
 * that group's verbs take `endpointMetrics` and this one goes.
 */
export const endpointsGroup = defineGroup({
  name: 'endpoints',
  summary: 'Real-time endpoints: their recorded metrics',
  verbs: [endpointMetrics],
});
