import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Recommendation } from './recommendation.js';
import { latencyChart } from './report-chart.js';
import { cheapest, cloudTable, runTable, verdict } from './report-table.js';

export const REPORT_FILES = { json: 'recommendation.json', markdown: 'report.md', chart: 'latency-throughput.svg' } as const;

const LINEAR_NOTE =
  "- The linear learner scores on the endpoint host's own thread (as in `godwit server`, where a worker hop would cost more than the model), so here more instances add no CPU: compare concurrency, not instance counts.";

/** Writes `recommendation.json`, `report.md` and `latency-throughput.svg` into `dir` (made if missing); returns their paths. */
export async function writeReport(r: Recommendation, dir: string): Promise<{ json: string; markdown: string; chart: string }> {
  await mkdir(dir, { recursive: true });
  const paths = {
    json: join(dir, REPORT_FILES.json),
    markdown: join(dir, REPORT_FILES.markdown),
    chart: join(dir, REPORT_FILES.chart),
  };
  await writeFile(paths.json, `${JSON.stringify(r, null, 2)}\n`);
  await writeFile(paths.chart, latencyChart(r));
  await writeFile(paths.markdown, markdownReport(r));
  return paths;
}

/** The report as Markdown: outcome, the chart, every run, the cloud estimate and what was measured how. */
export function markdownReport(r: Recommendation): string {
  const runs = runTable(r);
  const lines = [
    `# Inference recommendation: ${r.model}`,
    '',
    verdict(r),
    cheapest(r.cloud),
    '',
    `![p99 latency vs throughput](${REPORT_FILES.chart})`,
    '',
    '## Runs',
    '',
    markdownTable(
      runs.header.map((h) => h || 'REC'),
      runs.rows,
    ),
    '',
  ];
  if (r.cloud) {
    const cloud = cloudTable(r.cloud);
    lines.push(
      '## Equivalent cloud instances',
      '',
      `For ${r.cloud.basis.instances} local instance(s) at concurrency ${r.cloud.basis.concurrency}, ${r.cloud.basis.throughput} req/s.`,
      '',
    );
    lines.push(
      markdownTable(cloud.header, cloud.rows),
      '',
      `Assumption: ${r.cloud.assumption}`,
      '',
      `Prices: ${r.cloud.prices.source} (dated ${r.cloud.prices.date}).`,
      '',
    );
  }
  lines.push(
    '## How this was measured',
    '',
    `- Model: ${r.resolvedModel}, served by the ${r.runtime} runtime through Godwit's endpoint host, in process.`,
    `- Payload: ${r.payload.description} (${r.payload.contentType}).`,
    `- Each run: a closed loop of N clients for ${r.settings.durationS} s after ${r.settings.warmupS} s of unmeasured warm-up; latency is end to end per request, percentiles by nearest rank.`,
    ...(r.runtime === 'linear-learner' ? [LINEAR_NOTE] : []),
    `- Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. The load generator shares these CPUs with the model.`,
    '',
  );
  return lines.join('\n');
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}
