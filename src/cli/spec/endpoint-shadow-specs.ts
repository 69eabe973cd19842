/** `godwit endpoints shadow-report`: the shadow-test comparison, read from the recorded observations. */
import { defineVerb } from './command-spec.js';

export const endpointsShadowReportOptions = {
  since: {
    type: 'string',
    value: 'WHEN',
    summary: 'Only requests since then: an ISO time (2026-12-05T09:00Z) or an age (30m, 6h, 7d).',
  },
  tolerance: { type: 'string', value: 'X', summary: 'Numeric answers agree within X · max(1, |production|) (default 1e-6).' },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const endpointsShadowReport = defineVerb({
  name: 'shadow-report',
  summary: "Compare each shadow variant's answers with production's: agreement, differences, latency, errors",
  args: [{ name: 'NAME' }],
  options: endpointsShadowReportOptions,
  description: `Reads what the server recorded for every mirrored request (<home>/endpoints/NAME/shadow/),
so it needs no running server. Per shadow variant: requests compared, exact agreement, agreement
of numeric answers within the tolerance, mean and max absolute and relative difference, latency
p50/p90/p99 of each side, and the errors of each side by code.`,
  examples: [
    'godwit endpoints shadow-report abalone',
    'godwit endpoints shadow-report abalone --since 24h --tolerance 0.01 --json',
  ],
  load: async () => (await import('../commands/endpoint-shadow-report.js')).endpointShadowReport,
});
