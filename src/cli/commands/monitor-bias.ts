import { GodwitError } from '../../core/errors.js';
import { floatRepr } from '../../core/python-values.js';
import type { BiasAnalysis, BiasConfig, BiasDriftViolations } from '../../monitor/bias/index.js';
import { type CliIo, configOf, EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { monitorBiasOptions } from '../spec/monitor-bias-spec.js';

type Options = Values<typeof monitorBiasOptions>;

/** `godwit monitor bias`: the library's `runBias`, with a table (or the files' JSON) on stdout. */
export const monitorBiasCommand: Handler<typeof monitorBiasOptions> = {
  run: async ({ values, io }) => {
    const { runBias } = await import('../../monitor/bias/index.js');
    const dataset = values.dataset as string;
    const result = await runBias({
      datasetUri: dataset,
      format: (values.format as 'csv' | 'jsonl' | undefined) ?? (/\.csv$/i.test(dataset) ? 'csv' : 'jsonl'),
      config: configFrom(values),
      baselineUri: values.baseline,
      outputUri: values.output,
      store: storeOptions(io),
    });
    if (values.json) json(io, { analysis: result.analysis, ...(result.violations ? { violations: result.violations } : {}) });
    else write(io.stdout, render(result.analysis, result.violations));
    for (const file of result.files) write(io.stderr, `wrote ${file}`);
    return (result.violations?.violations.length ?? 0) > 0 ? EXIT.failed : EXIT.ok;
  },
};

function configFrom(v: Options): BiasConfig {
  const threshold = v['probability-threshold'] === undefined ? undefined : Number(v['probability-threshold']);
  if (threshold !== undefined && !Number.isFinite(threshold)) {
    throw new GodwitError('E_BIAS_CONFIG', `--probability-threshold "${v['probability-threshold']}" is not a number.`, {
      hint: 'Give a number such as 0.5.',
    });
  }
  return {
    label: v.label as string,
    labelValuesOrThreshold: v['label-value'] ?? [],
    facets: [{ name: v.facet as string, ...(v['facet-value'] ? { valueOrThreshold: v['facet-value'] } : {}) }],
    ...(v.group ? { groupVariable: v.group } : {}),
    ...(v.predicted ? { predictedLabel: v.predicted } : {}),
    ...(v.probability ? { probability: v.probability } : {}),
    ...(threshold !== undefined ? { probabilityThreshold: threshold } : {}),
    ...(v.headers ? { headers: v.headers.split(',').map((h) => h.trim()) } : {}),
  };
}

function storeOptions(io: CliIo) {
  const config = configOf(io);
  return { s3: config.s3, gcs: config.gcs, env: io.env, home: config.home, baseDir: io.cwd };
}

/** One row per facet value and metric; the baseline column and the verdict when there is a baseline. */
function render(analysis: BiasAnalysis, violations: BiasDriftViolations | undefined): string {
  const broken = new Map((violations?.violations ?? []).map((v) => [`${v.facet}\0${v.facet_value}\0${v.metric_name}`, v]));
  const rows: string[][] = [];
  const stages = [
    ['pre', analysis.pre_training_bias_metrics],
    ['post', analysis.post_training_bias_metrics],
  ] as const;
  for (const [stage, section] of stages) {
    for (const [facet, groups] of Object.entries(section?.facets ?? {})) {
      for (const g of groups) {
        for (const m of g.metrics) {
          const v = broken.get(`${facet}\0${g.value_or_threshold}\0${m.name}`);
          const value = m.value === null ? `- (${m.error ?? 'no value'})` : floatRepr(m.value);
          rows.push([facet, g.value_or_threshold, stage, m.name, value, ...(violations ? [v ? 'VIOLATION' : 'ok'] : [])]);
        }
      }
    }
  }
  const header = ['FACET', 'VALUE', 'STAGE', 'METRIC', 'RESULT', ...(violations ? ['DRIFT'] : [])];
  const count = violations?.violations.length;
  const summary = count === undefined ? '' : `\n${count} bias_drift_check violation${count === 1 ? '' : 's'}.`;
  return `${table(header, rows)}${summary}`;
}
