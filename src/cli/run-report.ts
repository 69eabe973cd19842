import type { RunReport } from '../runs/run-report.js';
import { bytes, duration, paint, STATUS_COLOR, table } from './format.js';

/** The human view: a summary (after a run) or the full detail (`runs show`). */
export function renderRunReport(r: RunReport, options: { detail: boolean; color: boolean }): string {
  const c = paint(options.color);
  const out: string[] = [];
  out.push(
    `Run ${c('bold', r.id)}  pipeline ${r.pipeline}  ${c(STATUS_COLOR[r.status] ?? 'gray', r.status)}  ${duration(r.durationMs)}`,
  );
  if (r.error) out.push(`  ${c('red', r.error)}`);
  if (options.detail) {
    out.push(`  started ${r.startedAt}${r.resumes ? `, resumed ${r.resumes}×` : ''}`);
    out.push(
      `  parameters: ${Object.entries(r.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  out.push('', 'Steps:');
  const rows = r.steps.map((s) => {
    const note = s.cachedFrom
      ? `cache hit: reused run ${s.cachedFrom}`
      : s.status === 'failed' || s.status === 'skipped' || s.status === 'not-run'
        ? (s.reason ?? '')
        : s.outcome
          ? `took the ${s.outcome} branch`
          : '';
    return [
      `  ${s.name}`,
      s.type,
      c(STATUS_COLOR[s.status] ?? 'gray', s.status),
      duration(s.durationMs),
      String(s.attempts),
      firstLine(note),
    ];
  });
  out.push(table(['  STEP', 'TYPE', 'STATUS', 'DURATION', 'ATTEMPTS', 'NOTE'], rows));

  if (r.metrics.length > 0 || r.properties.length > 0) {
    out.push('', 'Metrics:');
    for (const m of r.metrics) out.push(`  ${m.step}  ${m.name} = ${formatNumber(m.value)}`);
    for (const p of r.properties)
      for (const [path, v] of flatten(p.value)) out.push(`  ${p.step}  ${p.name}: ${path} = ${formatNumber(v)}`);
  }
  if (r.modelVersions.length > 0) {
    out.push('', 'Registered models:');
    for (const v of r.modelVersions) out.push(`  ${v.group} version ${v.version}  ${v.approvalStatus}  ${v.modelUri}`);
  }
  if (options.detail) {
    out.push('', 'Artifacts:');
    out.push(
      table(
        ['  STEP', 'OUTPUT', 'TYPE', 'FILES', 'SIZE', 'SHA256', 'URI'],
        r.artifacts.map((a) => [
          `  ${a.step}`,
          a.name,
          a.type,
          String(a.files.length),
          bytes(a.size),
          a.sha256.slice(0, 12),
          a.uri,
        ]),
      ),
    );
    out.push('', 'Logs:');
    for (const s of r.steps)
      for (const a of s.attemptsDetail)
        if (a.logPath) out.push(`  ${s.name} attempt ${a.attempt}: ${a.logPath}${a.error ? `  (${firstLine(a.error)})` : ''}`);
  } else {
    out.push(
      '',
      `Artifacts: ${r.runDir} (run folder) and ${r.artifacts[0]?.uri.replace(/runs\/.*$/, `runs/${r.id}/`) ?? 'none'}`,
    );
  }
  return out.join('\n');
}

function flatten(v: unknown, prefix = ''): [string, unknown][] {
  if (v === null || typeof v !== 'object') return [[prefix, v]];
  return Object.entries(v).flatMap(([k, inner]) => flatten(inner, prefix ? `${prefix}.${k}` : k));
}

function formatNumber(v: unknown): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
