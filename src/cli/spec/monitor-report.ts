/** `godwit monitor report EXECUTION|FOLDER`: a monitoring execution's HTML report and table (src/monitor/report). */
import { defineVerb } from './command-spec.js';

export const monitorReportOptions = {
  baseline: {
    type: 'string',
    value: 'PATH',
    summary: "The baseline's statistics.json, or the folder holding it (and constraints.json).",
  },
  history: {
    type: 'string',
    multiple: true,
    value: 'FOLDER',
    summary: 'An earlier execution folder for the trend charts (repeat, oldest first).',
  },
  output: { type: 'string', value: 'FILE.html', summary: 'Where the HTML report goes (default ./monitor-report.html).' },
  json: { type: 'boolean', summary: 'Print the feature rows as JSON instead of the table.' },
} as const;

export const monitorReport = defineVerb({
  name: 'report',
  summary: "Write a monitoring execution's HTML report and print its feature table",
  args: [{ name: 'EXECUTION|FOLDER' }],
  options: monitorReportOptions,
  description: `FOLDER is a monitoring execution's output folder (statistics.json, constraint_violations.json),
written by Godwit or downloaded from SageMaker Model Monitor unchanged. EXECUTION is an execution id
or a schedule name (its latest finished execution) of this home's records: then its earlier
executions are the history and its job definition's baseline the baseline, unless flags say otherwise. The report is one HTML file with
no external assets: the features table (baseline and current means, drift distance, violations), the
violations, drift distance per feature over the --history executions and this one, model-quality
metrics over them, and each feature's distribution baseline beside current (from the KLL histogram
buckets, or the value shares of a string feature). See docs/monitoring.md, "Reports".`,
  examples: [
    'godwit monitor report abalone-hourly',
    'godwit monitor report out/abalone/2026/12/06/10 --baseline baseline/',
    'godwit monitor report out/run-3 --baseline baseline/statistics.json --history out/run-1 --history out/run-2 --output drift.html',
  ],
  load: async () => (await import('../commands/monitor-report.js')).monitorReportCommand,
});
