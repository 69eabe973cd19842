/**
 * The report as one self-contained HTML page: inline CSS and inline SVG, no script, no external
 * asset, so it opens from a mail attachment or an S3 console download. Every piece of text from
 * the files (feature names, values, descriptions) is escaped.
 */
import { escapeXml as esc, renderChart } from '../../charts/index.js';
import { featureSides, type MonitorReport } from './monitor-report.js';
import { distributionChart, driftChart, metricChart } from './report-charts.js';
import { number, reportRows, TABLE_HEADER } from './report-table.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f3f3f3}tr.violated td{background:#fde8e8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}p.note{color:#666;font-size:90%}`;

export function renderReportHtml(report: MonitorReport): string {
  const title = `Monitoring report: ${report.execution.label}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    overview(report),
    featureTable(report),
    violationTable(report),
    driftSection(report),
    metricSection(report),
    distributionSection(report),
    '</body></html>',
    '',
  ].join('\n');
}

function overview(r: MonitorReport): string {
  const s = r.execution.statistics;
  const items = [
    `Execution: <code>${esc(r.execution.folder)}</code>`,
    `Baseline: ${r.baseline ? `<code>${esc(r.baseline.folder)}</code>` : 'none given (no baseline columns or distances)'}`,
    ...(s ? [`Records: ${s.dataset.item_count}`] : []),
    `Violations: ${r.execution.violations?.violations.length ?? 0}`,
  ];
  return `<ul class="overview">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function featureTable(r: MonitorReport): string {
  if (r.features.length === 0) return '';
  const body = reportRows(r.features)
    .map((cells, i) => {
      const cls = r.features[i]!.violations.length > 0 ? ' class="violated"' : '';
      const tds = cells.map((c, j) => (j >= 2 && j <= 4 ? `<td class="num">${esc(c)}</td>` : `<td>${esc(c)}</td>`));
      return `<tr${cls}>${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<h2>Features</h2>\n<table class="features"><thead><tr>${TABLE_HEADER.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>\n${body}\n</tbody></table>
<p class="note">DRIFT is the distance stated in the execution's baseline_drift_check violation, else the one the data-quality check computes from the two KLL sketches (or value counts) with the baseline's comparison method; ~ marks an estimate from the histogram buckets, for files without sketches.</p>`;
}

function violationTable(r: MonitorReport): string {
  const violations = r.execution.violations?.violations ?? [];
  if (violations.length === 0) return '<h2>Violations</h2>\n<p>None.</p>';
  const rows = violations.map(
    (v) => `<tr><td>${esc(v.feature_name)}</td><td>${esc(v.constraint_check_type)}</td><td>${esc(v.description)}</td></tr>`,
  );
  return `<h2>Violations</h2>\n<table class="violations"><thead><tr><th>FEATURE</th><th>CHECK</th><th>DESCRIPTION</th></tr></thead>
<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function driftSection(r: MonitorReport): string {
  if (r.drift.size === 0) return '';
  const labels = r.timeline.map((e) => e.label);
  const threshold = r.threshold === undefined ? '' : ` The line marks the comparison threshold ${number(r.threshold)}.`;
  return `<h2>Drift over time</h2>\n<p class="note">${r.timeline.length} execution(s), oldest first.${esc(threshold)}</p>
<figure class="chart drift">${renderChart(driftChart(labels, r.drift, r.threshold))}</figure>`;
}

function metricSection(r: MonitorReport): string {
  if (r.metrics.size === 0) return '';
  const labels = r.timeline.map((e) => e.label);
  return `<h2>Model-quality metrics</h2>\n<figure class="chart metrics">${renderChart(metricChart(labels, r.metrics))}</figure>`;
}

function distributionSection(r: MonitorReport): string {
  const figures = r.features.flatMap((f) => {
    const { baseline, current } = featureSides(r, f.name);
    const spec = distributionChart(f.name, baseline, current);
    return spec ? [`<figure class="chart distribution" data-feature="${esc(f.name)}">${renderChart(spec)}</figure>`] : [];
  });
  if (figures.length === 0) return '';
  return `<h2>Distributions</h2>\n<div class="charts">\n${figures.join('\n')}\n</div>`;
}
