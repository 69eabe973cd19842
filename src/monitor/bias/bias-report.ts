/**
 * A bias analysis of one table, in Clarify's `analysis.json` shape: for each facet (and each of
 * its sensitive values, or each distinct value when none is given), every pre-training metric and,
 * when the table has predictions, every post-training metric, sorted by name as Clarify lists
 * them. A metric that cannot be computed (CDDL without a group variable, TE with no false
 * positives in one facet is Infinity, not an error) keeps `value: null` and says why in `error`.
 *
 * ```ts
 * biasAnalysis(table, { label: 'Target', labelValuesOrThreshold: [1], facets: [{ name: 'Sex', valueOrThreshold: [0] }] }, 'validation.jsonl')
 * // { version: '1.0', pre_training_bias_metrics: { label: 'Target', facets: { Sex: [{ value_or_threshold: '0', metrics: [...] }] }, label_value_or_threshold: '1' } }
 * ```
 */
import { GodwitError } from '../../core/errors.js';
import type { BiasAnalysis, BiasMetricsSection, BiasMetricValue, FacetBiasMetrics } from './analysis-file.js';
import type { BiasConfig, FacetSpec } from './bias-config.js';
import { type BiasGroups, MetricError } from './bias-counts.js';
import { type ColumnKind, columnKind, type Selection, select } from './bias-groups.js';
import { type BiasTable, type Cell, requireColumn } from './bias-table.js';
import { FLIP_TEST, flipTest } from './flip-test.js';
import { POST_TRAINING_METRICS } from './posttraining-metrics.js';
import { type BiasMetric, PRE_TRAINING_METRICS } from './pretraining-metrics.js';

/** Computes the analysis; `where` names the data set in errors. Throws the E_BIAS_* codes for unusable input. */
export function biasAnalysis(table: BiasTable, config: BiasConfig, where: string): BiasAnalysis {
  const labelCells = requireColumn(table, config.label, 'label', where);
  const labelKind = columnKind(labelCells, config.labelValuesOrThreshold);
  const label = select(labelCells, config.labelValuesOrThreshold, labelKind, config.label);
  requireBothClasses(label.mask, config.label, label.valueOrThreshold, 'label', where);
  const yhat = predictions(table, config, labelKind, where);
  const group = config.groupVariable ? requireColumn(table, config.groupVariable, 'group variable', where) : undefined;
  const stages = config.stages ?? { pre: true, post: true };
  const pre: Record<string, FacetBiasMetrics[]> = {};
  const post: Record<string, FacetBiasMetrics[]> = {};
  for (const facet of config.facets) {
    const features = flipTestFeatures(table, config, facet.name);
    pre[facet.name] = [];
    post[facet.name] = [];
    for (const sel of facetSelections(table, facet, where)) {
      const g: BiasGroups = { d: sel.mask, y: label.mask, ...(yhat ? { yhat } : {}), ...(group ? { group } : {}) };
      pre[facet.name].push(
        entry(
          sel,
          PRE_TRAINING_METRICS.map((m) => run(m, g)),
        ),
      );
      if (yhat) post[facet.name].push(entry(sel, postMetrics(g, features)));
    }
  }
  const section = (facets: Record<string, FacetBiasMetrics[]>): BiasMetricsSection => ({
    label: config.label,
    facets,
    label_value_or_threshold: label.valueOrThreshold,
  });
  return {
    version: '1.0',
    ...(stages.post && yhat ? { post_training_bias_metrics: section(post) } : {}),
    ...(stages.pre ? { pre_training_bias_metrics: section(pre) } : {}),
  };
}

function entry(sel: Selection, metrics: BiasMetricValue[]): FacetBiasMetrics {
  return { value_or_threshold: sel.valueOrThreshold, metrics };
}

function postMetrics(g: BiasGroups, features: readonly (readonly Cell[])[]): BiasMetricValue[] {
  const ft: BiasMetric = { ...FLIP_TEST, compute: (x) => flipTest(x, features) };
  return [...POST_TRAINING_METRICS, ft].sort((x, y) => (x.name < y.name ? -1 : 1)).map((m) => run(m, g));
}

function run(metric: BiasMetric, g: BiasGroups): BiasMetricValue {
  try {
    return { name: metric.name, description: metric.description, value: metric.compute(g) };
  } catch (err) {
    if (!(err instanceof MetricError)) throw err;
    return { name: metric.name, description: metric.description, value: null, error: err.message };
  }
}

/** The predicted positives, from the predicted-label column or the probability column; undefined without either. */
function predictions(table: BiasTable, config: BiasConfig, kind: ColumnKind, where: string): Uint8Array | undefined {
  let cells: readonly Cell[];
  let column: string;
  if (config.predictedLabel) {
    column = config.predictedLabel;
    cells = requireColumn(table, column, 'predicted label', where);
  } else if (config.probability) {
    column = config.probability;
    const threshold = config.probabilityThreshold ?? 0.5;
    cells = requireColumn(table, column, 'probability', where).map((c) =>
      typeof c === 'number' ? (c > threshold ? 1 : 0) : null,
    );
  } else return undefined;
  const { mask, valueOrThreshold } = select(cells, config.labelValuesOrThreshold, kind, column);
  if (!mask.includes(1)) {
    throw new GodwitError(
      'E_BIAS_ONE_CLASS',
      `No prediction in column "${column}" of ${where} is a positive label (${valueOrThreshold}).`,
      {
        hint: 'Post-training metrics need at least one positive prediction; check the predicted column and the label values.',
      },
    );
  }
  return mask;
}

function requireBothClasses(mask: Uint8Array, column: string, values: string, role: string, where: string): void {
  const positives = mask.reduce((s, x) => s + x, 0);
  if (positives > 0 && positives < mask.length) return;
  const which = positives === 0 ? 'none is' : 'every one is';
  throw new GodwitError(
    'E_BIAS_ONE_CLASS',
    `The ${role} column "${column}" of ${where} has one class only: ${which} positive (${values}).`,
    {
      hint: 'Bias metrics compare positive and negative outcomes; give a data set with both, or other label values.',
    },
  );
}

function facetSelections(table: BiasTable, facet: FacetSpec, where: string): Selection[] {
  const cells = requireColumn(table, facet.name, 'facet', where);
  const valueSets = facet.valueOrThreshold ? [facet.valueOrThreshold] : distinct(cells).map((v) => [v]);
  return valueSets.map((values) => {
    const kind = facet.valueOrThreshold ? columnKind(cells, values) : 'categorical';
    const sel = select(cells, values, kind, facet.name);
    const count = sel.mask.reduce((s, x) => s + x, 0);
    if (count === 0 || count === cells.length) throw facetEmpty(facet.name, sel.valueOrThreshold, count > 0, cells, where);
    return sel;
  });
}

function facetEmpty(column: string, value: string, everyRow: boolean, cells: readonly Cell[], where: string): GodwitError {
  const seen = distinct(cells);
  const shown = seen.slice(0, 10).join(', ') + (seen.length > 10 ? ', …' : '');
  const what = everyRow ? 'selects every row, so facet a is empty' : 'selects no row';
  return new GodwitError(
    'E_BIAS_FACET_EMPTY',
    `Facet value "${value}" of column "${column}" ${what} in ${where}. Values there: ${shown}.`,
    {
      hint: 'Give a facet value (or threshold) that splits the rows into two groups.',
    },
  );
}

function distinct(cells: readonly Cell[]): (string | number)[] {
  return [...new Set(cells.filter((c): c is string | number => c !== null))];
}

/** Every column but the facet, label and prediction columns: the flip test's features. */
function flipTestFeatures(table: BiasTable, config: BiasConfig, facet: string): (readonly Cell[])[] {
  const skip = new Set([facet, config.label, config.predictedLabel, config.probability]);
  return table.columns.filter((c) => !skip.has(c)).map((c) => table.column(c) as readonly Cell[]);
}
