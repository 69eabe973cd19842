/**
 * `statistics.json` in and out. Reading accepts SageMaker's own files (its `version` is `0.0`,
 * counts may be written as `1.0`, a feature may lack its statistics block) and refuses a file
 * that is not the shape at all, naming what is wrong. Writing indents like SageMaker's files but
 * keeps each sketch level's numbers on one line, so a file of twenty features stays readable.
 */
import { GodwitError } from '../../../core/errors.js';
import type { DataQualityStatistics, FeatureStatistics } from '../../monitor-files.js';

const TYPES = new Set(['Integral', 'Fractional', 'String', 'Unknown']);

export function parseStatistics(text: string, source: string): DataQualityStatistics {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw invalid(source, `it is not JSON (${(err as Error).message})`);
  }
  const d = doc as Partial<DataQualityStatistics> | null;
  if (d === null || typeof d !== 'object') throw invalid(source, 'it is not a JSON object');
  if (typeof d.dataset?.item_count !== 'number') throw invalid(source, 'dataset.item_count is missing');
  if (!Array.isArray(d.features)) throw invalid(source, 'features is not a list');
  for (let i = 0; i < d.features.length; i++) checkFeature(d.features[i] as FeatureStatistics, i, source);
  return { version: typeof d.version === 'number' ? d.version : 0, dataset: d.dataset, features: d.features };
}

function checkFeature(f: FeatureStatistics, i: number, source: string): void {
  if (typeof f?.name !== 'string') throw invalid(source, `features[${i}].name is missing`);
  if (!TYPES.has(f.inferred_type))
    throw invalid(source, `features[${i}] (${f.name}) has inferred_type ${JSON.stringify(f.inferred_type)}`);
  const common = f.numerical_statistics?.common ?? f.string_statistics?.common;
  if (common && (typeof common.num_present !== 'number' || typeof common.num_missing !== 'number')) {
    throw invalid(source, `features[${i}] (${f.name}) has no num_present/num_missing counts`);
  }
  const sketch = f.numerical_statistics?.distribution?.kll?.sketch;
  if (
    sketch &&
    !(Array.isArray(sketch.data) && typeof sketch.parameters?.k === 'number' && typeof sketch.parameters?.c === 'number')
  ) {
    throw invalid(source, `features[${i}] (${f.name}) has a KLL sketch without parameters {c, k} and data levels`);
  }
}

function invalid(source: string, why: string): GodwitError {
  return new GodwitError('E_STATISTICS_INVALID', `${source} is not a Model Monitor statistics.json: ${why}.`, {
    hint: 'Give the statistics.json a baseline job wrote (SageMaker or `godwit monitor baseline`).',
  });
}

/** The file's text: two-space indents, each list of numbers on one line. */
export function statisticsText(statistics: DataQualityStatistics): string {
  const text = JSON.stringify(statistics, null, 2);
  return `${text.replace(/\[(\s*-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*\s*)\]/g, (_, inner: string) => `[${inner.replace(/\s+/g, '')}]`)}\n`;
}
