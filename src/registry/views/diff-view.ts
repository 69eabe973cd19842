import { type Direction, formatDelta, formatNumber, metricDirection } from './metric-values.js';
import { inline, section, shortDigest } from './text-blocks.js';
import type { LineageNode, VersionReport } from './version-report.js';

/** How a row compares: equal, different, or present on one side only. */
export type Change = 'same' | 'changed' | 'only-a' | 'only-b';

export interface ValueRow {
  readonly name: string;
  readonly a?: unknown;
  readonly b?: unknown;
  readonly change: Change;
}

export interface MetricRow {
  readonly name: string;
  readonly a?: number;
  readonly b?: number;
  /** B − A. */
  readonly delta?: number;
  readonly direction?: Direction;
  /** Which side is better by the metric's direction (`same` when equal). */
  readonly better?: 'a' | 'b' | 'same';
}

export interface DataRow {
  /** The data set's URI with run ids replaced by `{run}`, so one pipeline's outputs in two runs meet. */
  readonly key: string;
  readonly a?: { readonly uri: string; readonly digest?: string };
  readonly b?: { readonly uri: string; readonly digest?: string };
  readonly change: Change;
}

export interface VersionDiff {
  readonly a: string;
  readonly b: string;
  readonly version: readonly ValueRow[];
  readonly metrics: readonly MetricRow[];
  readonly parameters: readonly ValueRow[];
  readonly hyperparameters: readonly ValueRow[];
  readonly dataSets: readonly DataRow[];
  readonly inference: readonly ValueRow[];
  readonly lineage: readonly ValueRow[];
  readonly lineageRecorded: { readonly a: boolean; readonly b: boolean };
}

const RUN_ID = /run-\d{8}-\d{6}-[0-9a-f]{6}/g;
const unrun = (text: string) => text.replace(RUN_ID, '{run}');

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

function change(inA: boolean, inB: boolean, equal: boolean): Change {
  if (!inA) return 'only-b';
  if (!inB) return 'only-a';
  return equal ? 'same' : 'changed';
}

/** Rows for every key of either side, A's order first, then B's new keys. */
export function compareRecords(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): ValueRow[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.map((name) => ({
    name,
    ...(name in a && { a: a[name] }),
    ...(name in b && { b: b[name] }),
    change: change(name in a, name in b, same(a[name], b[name])),
  }));
}

export function compareMetrics(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): MetricRow[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].map((name) => {
    const [x, y] = [a[name], b[name]];
    const direction = metricDirection(name);
    const both = x !== undefined && y !== undefined;
    const better = both && direction ? (x === y ? 'same' : (direction === 'lower') === y < x ? 'b' : 'a') : undefined;
    return {
      name,
      ...(x !== undefined && { a: x }),
      ...(y !== undefined && { b: y }),
      ...(both && { delta: y - x }),
      ...(direction && { direction }),
      ...(better && { better }),
    };
  });
}

function byKey(nodes: readonly LineageNode[]): Map<string, LineageNode> {
  return new Map(nodes.map((n) => [unrun(n.uri ?? n.name), n]));
}

export function compareDataSets(a: readonly LineageNode[], b: readonly LineageNode[]): DataRow[] {
  const [ma, mb] = [byKey(a), byKey(b)];
  return [...new Set([...ma.keys(), ...mb.keys()])].map((key) => {
    const [x, y] = [ma.get(key), mb.get(key)];
    const side = (n?: LineageNode) => n && { uri: n.uri ?? n.name, ...(n.digest && { digest: n.digest }) };
    return {
      key,
      ...(x && { a: side(x) }),
      ...(y && { b: side(y) }),
      change: change(x !== undefined, y !== undefined, x?.digest === y?.digest),
    };
  });
}

/** Upstream lineage by entity (type and URI or name, run ids aside): digests for artifacts, statuses for actions. */
function lineageRecord(nodes: readonly LineageNode[]): Record<string, unknown> {
  return Object.fromEntries(nodes.map((n) => [`${n.type} ${unrun(n.uri ?? n.name)}`, n.digest ?? n.status ?? '-']));
}

function versionRecord(r: VersionReport): Record<string, unknown> {
  const v = r.version;
  return {
    model: v.modelUri,
    digest: v.modelSha256,
    status: v.approvalStatus,
    run: v.runId,
    ...(r.training && { 'training step': r.training.step }),
    ...(v.descriptor && { framework: [v.descriptor.framework, v.descriptor.version].filter(Boolean).join(' ') }),
  };
}

export function diffVersions(a: VersionReport, b: VersionReport): VersionDiff {
  return {
    a: a.ref,
    b: b.ref,
    version: compareRecords(versionRecord(a), versionRecord(b)),
    metrics: compareMetrics(a.metricValues, b.metricValues),
    parameters: compareRecords(a.run?.parameters ?? {}, b.run?.parameters ?? {}),
    hyperparameters: compareRecords(a.training?.hyperparameters ?? {}, b.training?.hyperparameters ?? {}),
    dataSets: compareDataSets(a.lineage.dataSets, b.lineage.dataSets),
    inference: compareRecords({ ...a.version.inference }, { ...b.version.inference }),
    lineage: compareRecords(lineageRecord(a.lineage.upstream), lineageRecord(b.lineage.upstream)),
    lineageRecorded: { a: a.lineage.recorded, b: b.lineage.recorded },
  };
}

const MARK: Record<Change, string> = { same: ' ', changed: '≠', 'only-a': '<', 'only-b': '>' };
const WORD: Record<Change, string> = { same: 'same', changed: 'changed', 'only-a': `only in A`, 'only-b': 'only in B' };

// Digests are told apart by their first 12 hex digits; --json has them whole.
const cell = (v: unknown) => (typeof v === 'string' ? shortDigest(v) : inline(v));

function valueSection(title: string, rows: readonly ValueRow[], a: string, b: string): string[] {
  return section(
    title,
    rows.length ? [['', 'NAME', a, b], ...rows.map((r) => [MARK[r.change], r.name, cell(r.a), cell(r.b)])] : [],
    'none on either side',
  );
}

/** `godwit models diff A B`: each section side by side; `≠` marks a difference, `<` / `>` a row on one side only. */
export function renderVersionDiff(d: VersionDiff): string {
  const [a, b] = [`A ${d.a}`, `B ${d.b}`];
  const metricRows = d.metrics.map((m) => [
    MARK[change(m.a !== undefined, m.b !== undefined, m.a === m.b)],
    m.name,
    m.a === undefined ? '-' : formatNumber(m.a),
    m.b === undefined ? '-' : formatNumber(m.b),
    m.a !== undefined && m.b !== undefined ? formatDelta(m.a, m.b) : '',
    m.better === 'a' ? 'A better' : m.better === 'b' ? 'B better' : m.direction ? '' : 'direction unknown',
  ]);
  const dataRows = d.dataSets.map((r) => [
    MARK[r.change],
    r.key,
    r.a ? shortDigest(r.a.digest) : '-',
    r.b ? shortDigest(r.b.digest) : '-',
    WORD[r.change],
  ]);
  const noLineage = [!d.lineageRecorded.a && d.a, !d.lineageRecorded.b && d.b].filter(Boolean);
  const lines = [
    `A = ${d.a}`,
    `B = ${d.b}`,
    '',
    ...valueSection('Version', d.version, a, b),
    ...section('Metrics', metricRows.length ? [['', 'NAME', a, b, 'DELTA (B-A)', ''], ...metricRows] : [], 'none on either side'),
    ...valueSection('Run parameters', d.parameters, a, b),
    ...valueSection('Hyperparameters', d.hyperparameters, a, b),
    ...section(
      'Data sets (upstream lineage, by URI)',
      dataRows.length ? [['', 'DATA SET', a, b, ''], ...dataRows] : [],
      'none on either side',
    ),
    ...valueSection('Inference specification', d.inference, a, b),
    ...valueSection('Lineage (upstream entities)', d.lineage, a, b),
    ...(noLineage.length ? [`No lineage is recorded for ${noLineage.join(' or ')}.`] : []),
  ];
  return lines.join('\n').trimEnd();
}
