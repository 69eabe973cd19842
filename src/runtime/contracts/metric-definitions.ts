/**
 * SageMaker `MetricDefinitions`: each regex runs over every line the step's process writes, and
 * its first capture group is the metric's value. SageMaker keeps the series in CloudWatch and
 * reports the last value as the job's final metric (`FinalMetricDataList`); Godwit keeps the same
 * last value as the step's metric, which `godwit runs show` lists and a condition reads with
 * `StepMetric`.
 *
 * ```ts
 * training('train', { metricDefinitions: [{ name: 'validation:rmse', regex: 'validation-rmse:([0-9.]+)' }], ... })
 * // log line "[9]#011train-rmse:2.01#011validation-rmse:2.17" → metrics { 'validation:rmse': 2.17 }
 * ```
 */
import type { MetricDefinition } from '../../pipeline/ir.js';
import { StepFailure } from '../step-failure.js';

export interface MetricCollector {
  /** Feed one log line. */
  readonly line: (text: string) => void;
  /** The last value seen for each metric that matched at least once. */
  readonly values: () => Record<string, number>;
  /** How many values each metric has had (its series length). */
  readonly counts: () => Record<string, number>;
}

/** Compiles the definitions up front so a bad regex fails the step before its process starts. */
export function metricCollector(definitions: readonly MetricDefinition[]): MetricCollector {
  const compiled = definitions.map((d) => {
    let re: RegExp;
    try {
      re = new RegExp(d.regex);
    } catch (err) {
      throw new StepFailure(
        'E_METRIC_REGEX',
        'error',
        `metric definition "${d.name}" has a regex that does not compile: ${(err as Error).message}.`,
        {
          retryable: false,
          hint: 'Write it as SageMaker expects: a regular expression whose first group captures the number, e.g. "rmse: ([0-9.]+)".',
        },
      );
    }
    if (!/\((?!\?)/.test(d.regex.replace(/\\\\|\\\(/g, ''))) {
      throw new StepFailure('E_METRIC_REGEX', 'error', `metric definition "${d.name}" has no capture group in /${d.regex}/.`, {
        retryable: false,
        hint: 'Put the number in parentheses: "loss = ([0-9.eE+-]+)".',
      });
    }
    return { name: d.name, re };
  });
  const last: Record<string, number> = {};
  const seen: Record<string, number> = {};
  return {
    line: (text) => {
      for (const { name, re } of compiled) {
        const m = re.exec(text);
        if (!m || m[1] === undefined) continue;
        const value = Number(m[1].trim());
        // SageMaker drops values that are not numbers; so does Godwit.
        if (m[1].trim() === '' || !Number.isFinite(value)) continue;
        last[name] = value;
        seen[name] = (seen[name] ?? 0) + 1;
      }
    },
    values: () => ({ ...last }),
    counts: () => ({ ...seen }),
  };
}
