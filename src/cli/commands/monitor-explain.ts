import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { systemClock } from '../../core/clock.js';
import { ATTRIBUTION_DRIFT_THRESHOLD } from '../../monitor/explainability/attribution-drift.js';
import { type ExplainRunResult, runExplainabilityOrThrow } from '../../monitor/explainability/explainability-job.js';
import { modelContainer } from '../../monitor/explainability/model-container.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { monitorExplainOptions } from '../spec/monitor-explain-spec.js';

type Values = Parameters<Handler<typeof monitorExplainOptions>['run']>[0]['values'];

/** `godwit monitor explain`: flags to the ModelExplainability job's input, its files, a table. */
export const monitorExplainCommand: Handler<typeof monitorExplainOptions> = {
  run: async ({ values, io }) => {
    if ((values.model === undefined) === (values.endpoint === undefined))
      throw new UsageError('Give the model to explain with exactly one of --model URI or --endpoint NAME.');
    const container = await withMetadata(io, (metadata) =>
      modelContainer({ model: values.model, endpoint: values.endpoint }, io.cwd, metadata),
    );
    // Required in the spec: the parser refuses a command line without it.
    const dataset = values.dataset as string;
    const output = values.output ?? resolve(io.cwd, 'explainability');
    const storeOptions = await storeOptionsFor(io, [dataset, output, container.ModelDataUrl]);
    const result = await runExplainabilityOrThrow(
      {
        type: 'ModelExplainability',
        dataset: { kind: 'dataset', uri: dataset, format: formatOf(values, dataset), header: values.header ?? false },
        baseline: values.baseline === undefined ? undefined : { constraintsUri: values.baseline },
        outputUri: output,
        config: { PrimaryContainer: container, AnalysisConfig: await analysisConfig(values, io.cwd) },
        clock: systemClock,
      },
      { storeOptions, home: homeOf(io) },
    );
    if (values.json) json(io, result);
    else write(io.stdout, summary(result));
    return result.violationCount > 0 ? EXIT.failed : EXIT.ok;
  },
};

function formatOf(values: Values, dataset: string): 'csv' | 'jsonl' | 'parquet' {
  if (values.format) return values.format as 'csv' | 'jsonl' | 'parquet';
  return /\.jsonl?$/i.test(dataset) ? 'jsonl' : /\.parquet$/i.test(dataset) ? 'parquet' : 'csv';
}

/** Clarify's analysis configuration from --config, with the flags set over it. */
async function analysisConfig(values: Values, cwd: string): Promise<Record<string, unknown>> {
  const base =
    values.config === undefined
      ? {}
      : (JSON.parse(await readFile(resolve(cwd, values.config), 'utf8')) as Record<string, unknown>);
  const methods = (base.methods ?? {}) as Record<string, unknown>;
  const shap = { ...((methods.shap ?? {}) as Record<string, unknown>) };
  const set = (key: string, v: unknown) => {
    if (v !== undefined) shap[key] = v;
  };
  set('num_samples', integer(values['num-samples'], '--num-samples'));
  set('seed', integer(values.seed, '--seed'));
  set('max_records', integer(values['max-rows'], '--max-rows'));
  set('agg_method', values['agg-method']);
  set('use_logit', values['use-logit']);
  set('method', values.method);
  set('baseline', values['shap-baseline'] === undefined ? undefined : resolve(cwd, values['shap-baseline']));
  const label =
    values.label === undefined ? base.label : /^\d+$/.test(values.label) && !values.header ? Number(values.label) : values.label;
  return { ...base, ...(label !== undefined && { label }), methods: { ...methods, shap } };
}

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} "${text}" is not a whole number.`);
  return n;
}

function summary(result: ExplainRunResult): string {
  const parts: string[] = [];
  for (const [method, labels] of Object.entries(result.analysis.explanations))
    for (const [label, entry] of Object.entries(labels ?? {})) {
      const rows = Object.entries(entry.global_shap_values)
        .sort((a, b) => b[1] - a[1])
        .map(([feature, v]) => [feature, v.toPrecision(6)]);
      parts.push(
        `${method} ${label} (expected value ${entry.expected_value.toPrecision(6)})`,
        table(['FEATURE', 'GLOBAL SHAP'], rows),
        '',
      );
    }
  if (result.skipped.length) parts.push(`${result.skipped.length} row(s) skipped as malformed (see --json).`);
  for (const s of result.drift)
    parts.push(
      `Attribution drift ${s.method} ${s.label}: NDCG ${s.ndcg.toFixed(4)}${s.ndcg < ATTRIBUTION_DRIFT_THRESHOLD ? ` < ${ATTRIBUTION_DRIFT_THRESHOLD}: violation` : ''}`,
    );
  parts.push(`Files: ${result.files.join(', ')}`);
  return parts.join('\n');
}
