import type { MetricsSource, ModelMetrics } from '../model-registry.js';
import { formatNumber } from './metric-values.js';
import { inline, section, shortDigest, when } from './text-blocks.js';
import type { VersionReport } from './version-report.js';

const REPORT_NAMES: Record<string, string> = {
  modelQuality: 'model quality',
  modelDataQuality: 'data quality',
  bias: 'bias',
  explainability: 'explainability',
};

/** SageMaker's ModelMetrics as a list: `model quality statistics`, `bias report`, … with each file. */
export function reportFiles(metrics: ModelMetrics | undefined): { kind: string; source: MetricsSource }[] {
  const out: { kind: string; source: MetricsSource }[] = [];
  for (const [group, files] of Object.entries(metrics ?? {})) {
    for (const [name, source] of Object.entries((files ?? {}) as Record<string, MetricsSource | undefined>)) {
      const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
      if (source) out.push({ kind: `${REPORT_NAMES[group] ?? group} ${words}`, source });
    }
  }
  return out;
}

/** `godwit models show GROUP/VERSION`: every section of the report, plain text. */
export function renderVersion(r: VersionReport): string {
  const v = r.version;
  const last = r.approval.last;
  const lines = [
    `${r.ref}  ${v.approvalStatus}`,
    '',
    ...section('Version', [
      ['ARN', v.arn],
      ['Created', when(v.createdAt)],
      ...(v.description ? [['Description', v.description]] : []),
    ]),
    ...section('Model', [
      ['URI', v.modelUri],
      ['Digest', v.modelSha256 ? `sha256:${v.modelSha256.replace(/^sha256:/, '')}` : '-'],
      ...(v.descriptor ? [['Framework', [v.descriptor.framework, v.descriptor.version].filter(Boolean).join(' ')]] : []),
    ]),
    ...section('Inference specification', inferenceRows(v.inference), 'none recorded'),
    ...section('Approval', [
      ['Status', v.approvalStatus],
      ...(last ? [['Last change', `${when(last.at)} by ${last.actor}: ${last.from ?? '(registered)'} → ${last.to}`]] : []),
      ...(last?.note ? [['Comment', last.note]] : []),
    ]),
    ...section('Produced by', producedBy(r), 'no run recorded (registered by URI)'),
    ...section(
      `Metrics${v.metricsUri ? ` (${v.metricsUri})` : ''}`,
      Object.entries(r.metricValues).map(([k, n]) => [k, formatNumber(n)]),
      'none recorded',
    ),
    ...section(
      'Metric reports (ModelMetrics)',
      reportFiles(v.modelMetrics).map((f) => [f.kind, f.source.contentType, f.source.uri, shortDigest(f.source.digest)]),
      'none attached',
    ),
    ...section('Tags', Object.entries(v.tags ?? {}), 'none'),
    ...section('Customer metadata', Object.entries(v.customerMetadata ?? {}), 'none'),
    ...section('Model card', cardRows(r), 'none (godwit models cards exports one filled from this version)'),
    ...section(
      'Run metrics (per step)',
      Object.entries(r.run?.metrics ?? {}).map(([k, n]) => [k, formatNumber(n)]),
      'none recorded',
    ),
    ...section(
      'Run parameters',
      Object.entries(r.run?.parameters ?? {}).map(([k, x]) => [k, inline(x)]),
      'none',
    ),
    ...section(
      `Hyperparameters${r.training ? ` (step ${r.training.step})` : ''}`,
      Object.entries(r.training?.hyperparameters ?? {}).map(([k, x]) => [k, inline(x)]),
      'none recorded',
    ),
    ...section(
      'Data sets (upstream lineage)',
      r.lineage.dataSets.map((d) => [d.uri ?? d.name, d.digest ?? '-']),
      r.lineage.recorded ? 'none upstream' : 'no lineage recorded for this version',
    ),
    ...section(
      'Endpoints (downstream lineage)',
      r.lineage.endpoints.map((e) => [e.name, e.uri ?? '']),
      r.lineage.recorded ? 'not deployed' : 'no lineage recorded for this version',
    ),
  ];
  return lines.join('\n').trimEnd();
}

function inferenceRows(spec: VersionReport['version']['inference']): string[][] {
  if (!spec) return [];
  const list = (xs?: readonly string[]) => (xs && xs.length > 0 ? xs.join(', ') : undefined);
  const rows: [string, string | undefined][] = [
    ['Image', spec.image],
    ['Content types', list(spec.contentTypes)],
    ['Response types', list(spec.responseTypes)],
    ['Real-time instances', list(spec.inferenceInstances)],
    ['Transform instances', list(spec.transformInstances)],
  ];
  return rows.flatMap(([k, x]) => (x ? [[k, x]] : []));
}

function producedBy(r: VersionReport): string[][] {
  const v = r.version;
  if (!v.runId) return [];
  const run = r.run;
  const rows = [['Run', run ? `${run.id} (pipeline ${run.pipeline}, ${run.status})` : `${v.runId} (no longer recorded)`]];
  if (run?.startedBy) rows.push(['Started by', run.startedBy]);
  if (v.step) rows.push(['Step', v.step]);
  if (r.training) rows.push(['Trained by', `step ${r.training.step}`]);
  return rows;
}

function cardRows(r: VersionReport): string[][] {
  const card = r.version.modelCard;
  if (!card) return [];
  const c = card.content;
  const rows: [string, string | undefined][] = [
    ['Status', card.status],
    ['Description', c.model_overview?.model_description],
    ['Owner', c.model_overview?.model_owner],
    ['Risk rating', c.intended_uses?.risk_rating],
    ['Purpose', c.intended_uses?.purpose_of_model],
    ['Intended uses', c.intended_uses?.intended_uses],
  ];
  return rows.flatMap(([k, x]) => (x ? [[k, x]] : []));
}
