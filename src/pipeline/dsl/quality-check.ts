import type { QualityCheckFormat, QualityCheckStep, Resources, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface QualityCheckOptions extends CommonOptions {
  /** The data set to baseline: a step's output, or a URI or path. */
  dataset: Value;
  format: QualityCheckFormat;
  header?: boolean;
  /** A previous baseline to check the data set against (its `statistics.json` and `constraints.json`). */
  baseline?: { statistics: Value; constraints: Value };
  skipCheck?: boolean;
  failOnViolation?: boolean;
  registerNewBaseline?: boolean;
  modelPackageGroup?: string;
  resources?: Resources;
}

const OPTIONS: OptionNames<QualityCheckOptions> = {
  ...COMMON_OPTIONS,
  dataset: true,
  format: true,
  header: true,
  baseline: true,
  skipCheck: true,
  failOnViolation: true,
  registerNewBaseline: true,
  modelPackageGroup: true,
  resources: true,
};

// Copied only when given, so the IR of a step without them stays short.
const FLAGS = ['header', 'skipCheck', 'failOnViolation', 'registerNewBaseline', 'modelPackageGroup'] as const;

/**
 * A data-quality baseline (SageMaker `QualityCheckStep` with a `DataQualityCheckConfig`).
 * Outputs: `statistics` and `constraints` (dataset), and with a baseline to check against,
 * `violations`.
 *
 * ```ts
 * qualityCheck('baseline', { dataset: prep.output('train'), format: 'csv', header: true })
 * // { name: 'baseline', type: 'quality-check', checkType: 'DATA_QUALITY', dataset: {…}, format: 'csv', header: true,
 * //   outputs: [{ name: 'statistics', type: 'dataset' }, { name: 'constraints', type: 'dataset' }] }
 * qualityCheck('drift', { dataset: latest, format: 'csv', baseline: { statistics: s3Stats, constraints: s3Constraints } })
 * // fails when the data set violates the baseline's constraints
 * ```
 */
export function qualityCheck(name: string, o: QualityCheckOptions): Step<QualityCheckStep> {
  checkOptions('qualityCheck()', `Step "${name}"`, o, OPTIONS);
  const flags: Record<string, unknown> = {};
  for (const key of FLAGS) if (o[key] !== undefined) flags[key] = o[key];
  const ir: QualityCheckStep = {
    ...common(name, o),
    type: 'quality-check',
    checkType: 'DATA_QUALITY',
    dataset: plain(o.dataset),
    format: o.format,
    ...flags,
    ...(o.baseline
      ? { baselineStatistics: plain(o.baseline.statistics), baselineConstraints: plain(o.baseline.constraints) }
      : {}),
    outputs: [
      { name: 'statistics', type: 'dataset' },
      { name: 'constraints', type: 'dataset' },
      ...(o.baseline ? [{ name: 'violations', type: 'dataset' as const, optional: true }] : []),
    ],
    ...(o.resources ? { resources: o.resources } : {}),
  };
  return makeStep(ir, o.dependsOn ?? []);
}
