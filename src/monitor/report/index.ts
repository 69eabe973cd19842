// Monitoring reports (issue 13): an execution's output folder read as SageMaker writes it, a
// self-contained HTML page with inline SVG charts, and the terminal table. See docs/monitoring.md.
export { bucketDistance, cdf } from './bucket-distance.js';
export { type ExecutionFiles, readExecution } from './execution-files.js';
export { type FeatureSummary, statedDistance, summarise } from './feature-summary.js';
export { buildReport, type MonitorReport, type ReportInput } from './monitor-report.js';
export { distributionChart, driftChart, metricChart } from './report-charts.js';
export { renderReportHtml } from './report-html.js';
export { number, reportRows, TABLE_HEADER } from './report-table.js';
