import { formatNumber } from '../registry/views/metric-values.js';
import { aligned, shortDigest } from '../registry/views/text-blocks.js';
import type { RunComparison } from './compare.js';

/** How the caller writes times, sizes and emphasis (the CLI's own helpers, colour on a terminal). */
export interface CompareFormat {
  duration(ms: number | undefined): string;
  bytes(n: number): string;
  /** Marks a differing row or a best value (bold or colour on a terminal; as it is otherwise). */
  highlight(text: string): string;
}

const plain: CompareFormat = {
  duration: (ms) => (ms === undefined ? '-' : `${ms} ms`),
  bytes: (n) => `${n} B`,
  highlight: (t) => t,
};

/**
 * `godwit runs compare`: one column per run. `≠` starts a row whose values differ; `*` follows
 * the best value of a metric; footnotes say which way each marked metric is better and which
 * metrics have no known direction.
 */
export function renderComparison(c: RunComparison, f: CompareFormat = plain): string {
  const ids = c.runs.map((r) => r.id);
  const block = (title: string, header: string[], rows: string[][]) =>
    rows.length === 0 ? [] : [title, ...aligned([header, ...rows]).map((l) => `  ${l}`), ''];
  const mark = (differs: boolean, text: string) => (differs ? f.highlight(`≠ ${text}`) : `  ${text}`);

  const lines = [
    ...block(
      'Runs',
      ['', ...ids],
      [
        ['pipeline', ...c.runs.map((r) => r.pipeline)],
        ['status', ...c.runs.map((r) => r.status)],
        ['started', ...c.runs.map((r) => r.startedAt.replace('T', ' ').slice(0, 19))],
      ],
    ),
    ...block(
      'Parameters',
      ['  PARAMETER', ...ids],
      c.parameters.map((p) => [mark(p.differs, p.name), ...p.values.map(show)]),
    ),
    ...block(
      'Metrics (* best)',
      ['  STEP', 'METRIC', ...ids],
      c.metrics.map((m) => [
        mark(differs(m.values), m.step),
        m.name,
        ...m.values.map((v, i) =>
          v === null ? '-' : m.best.includes(i) ? f.highlight(`${formatNumber(v)} *`) : formatNumber(v),
        ),
      ]),
    ),
    ...block(
      'Durations',
      ['  STEP', ...ids],
      [
        ['  (run)', ...c.runs.map((r) => f.duration(r.durationMs))],
        ...c.steps.map((s) => [
          `  ${s.step}`,
          ...s.durationsMs.map((d, i) => {
            const status = s.statuses[i];
            if (status === null) return '-';
            return status === 'succeeded' ? f.duration(d ?? undefined) : `${f.duration(d ?? undefined)} (${status})`;
          }),
        ]),
      ],
    ),
    ...block(
      'Artifacts',
      ['  STEP/OUTPUT', ...ids],
      c.artifacts.map((a) => [
        mark(a.differs, `${a.step}/${a.name}`),
        ...a.values.map((v) => (v ? `${shortDigest(`sha256:${v.digest}`)} ${f.bytes(v.size)}` : '-')),
      ]),
    ),
    ...footnotes(c),
  ];
  return lines.join('\n').trimEnd();
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const differs = (values: readonly unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size > 1;

function footnotes(c: RunComparison): string[] {
  const notes: string[] = [];
  const lower = c.metrics.filter((m) => m.direction === 'lower').map((m) => m.name);
  const higher = c.metrics.filter((m) => m.direction === 'higher').map((m) => m.name);
  const list = (xs: string[]) => [...new Set(xs)].join(', ');
  if (lower.length || higher.length) {
    const parts = [lower.length && `lower is better for ${list(lower)}`, higher.length && `higher is better for ${list(higher)}`];
    notes.push(`* best value: ${parts.filter(Boolean).join('; ')}.`);
  }
  if (c.undirected.length) {
    notes.push(
      `No best value is marked for ${c.undirected.join(', ')}: which way is better is not known from the name. Say it with --higher NAME or --lower NAME.`,
    );
  }
  if (c.parameters.some((p) => p.differs) || c.artifacts.some((a) => a.differs)) notes.push('≠ the runs differ here.');
  return notes;
}
