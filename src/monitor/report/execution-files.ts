/**
 * One monitoring execution's output folder, read as SageMaker writes it: `statistics.json` (data
 * quality: per-feature statistics; model quality: `*_metrics`), `constraint_violations.json` and,
 * when a baseline job wrote the folder, `constraints.json`. Every file is optional because a
 * folder may be a data-quality run, a model-quality run or a baseline; a folder with none of them
 * is an error, since it is surely not what the user meant.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { DataQualityConstraints, DataQualityStatistics, DataQualityViolations } from '../monitor-files.js';

/** A model-quality metric as SageMaker's model-quality `statistics.json` gives it. */
export interface MetricValue {
  readonly value: number;
  readonly standard_deviation?: number;
}

export interface ExecutionFiles {
  /** How charts and tables name the execution: the folder's path below the common root, or its name. */
  readonly label: string;
  readonly folder: string;
  readonly statistics?: DataQualityStatistics;
  readonly constraints?: DataQualityConstraints;
  readonly violations?: DataQualityViolations;
  /** Model-quality metrics by name (`mae`, `accuracy`, …), flattened over the `*_metrics` groups. */
  readonly metrics: Readonly<Record<string, number>>;
}

const FILES = ['statistics.json', 'constraint_violations.json', 'constraints.json'] as const;

/** Reads an execution folder (or a `statistics.json` given directly, for a baseline). */
export async function readExecution(path: string, label?: string): Promise<ExecutionFiles> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new GodwitError('E_MONITOR_REPORT_INPUT', `No monitoring output at ${path}.`, { hint: HINT });
  const folder = info.isDirectory() ? path : join(path, '..');
  const only = info.isDirectory() ? undefined : basename(path);
  const [statistics, violations, constraints] = await Promise.all(
    FILES.map((name) => (only === undefined || only === name ? readJson(join(folder, name)) : undefined)),
  );
  if (statistics === undefined && violations === undefined && constraints === undefined)
    throw new GodwitError('E_MONITOR_REPORT_INPUT', `${path} has none of ${FILES.join(', ')}.`, { hint: HINT });
  const hasFeatures = Array.isArray((statistics as { features?: unknown } | undefined)?.features);
  return {
    label: label ?? basename(folder),
    folder,
    statistics: hasFeatures ? (statistics as DataQualityStatistics) : undefined,
    violations: violations as DataQualityViolations | undefined,
    constraints: constraints as DataQualityConstraints | undefined,
    metrics: statistics === undefined ? {} : modelQualityMetrics(statistics),
  };
}

const HINT =
  'Give the folder a monitoring execution wrote (it holds statistics.json and constraint_violations.json), or its statistics.json.';

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_MONITOR_REPORT_INPUT', `${file} is not JSON: ${(err as Error).message}.`, {
      hint: 'Give the files a monitoring execution or SageMaker Model Monitor wrote, unchanged.',
    });
  }
}

/**
 * Model Monitor's model-quality statistics group metrics as `regression_metrics`,
 * `binary_classification_metrics` or `multiclass_classification_metrics`, each
 * `{ name: { value, standard_deviation } }`; the confusion matrix is not a trend and is left out.
 */
function modelQualityMetrics(statistics: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [group, metrics] of Object.entries(statistics as Record<string, unknown>)) {
    if (!group.endsWith('_metrics') || typeof metrics !== 'object' || metrics === null) continue;
    for (const [name, metric] of Object.entries(metrics as Record<string, unknown>)) {
      const value = (metric as Partial<MetricValue> | null)?.value;
      if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
    }
  }
  return out;
}
