/**
 * The reader for `constraints.json`, written by Godwit or by SageMaker itself (whose files say
 * `"version": 0.0` and leave optional fields out). It checks the shape the checks rely on and
 * names the first thing wrong, with the file it came from. (`statistics.json` is read by the
 * profiler's `parseStatistics`.)
 */
import { GodwitError } from '../../../core/errors.js';
import type { DataQualityConstraints } from '../../monitor-files.js';

const TYPES = new Set(['Integral', 'Fractional', 'String', 'Unknown']);

function parse(text: string, source: string, code: 'E_DQ_CONSTRAINTS_INVALID', what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GodwitError(code, `${source} is not JSON: ${(err as Error).message}.`, {
      hint: `Give the ${what} a baselining job wrote.`,
    });
  }
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { features?: unknown }).features)) {
    throw new GodwitError(code, `${source} has no "features" list, so it is not a ${what}.`, {
      hint: `A ${what} is {"version": 0, "features": [...]}, as Model Monitor writes it.`,
    });
  }
  const features = (value as { features: unknown[] }).features;
  features.forEach((f, i) => {
    const feature = f as { name?: unknown; inferred_type?: unknown } | null;
    if (typeof feature?.name !== 'string' || !TYPES.has(feature.inferred_type as string)) {
      throw new GodwitError(
        code,
        `${source}: features[${i}] needs a "name" and an "inferred_type" of ${[...TYPES].join(', ')}.`,
        {
          hint: `Fix or regenerate the ${what}.`,
        },
      );
    }
  });
  return value as Record<string, unknown>;
}

export function parseConstraints(text: string, source: string): DataQualityConstraints {
  return parse(text, source, 'E_DQ_CONSTRAINTS_INVALID', 'constraints.json') as unknown as DataQualityConstraints;
}
