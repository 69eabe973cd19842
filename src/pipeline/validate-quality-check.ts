import { MODEL_PACKAGE_GROUP_PATTERN, MODEL_PACKAGE_GROUP_RULE } from '../core/sagemaker-names.js';
import type { QualityCheckStep } from './ir.js';
import type { CheckContext } from './validate-context.js';

/**
 * A quality-check step's own rules: a baseline to check against is both files or neither (the
 * check needs the baseline's statistics for drift and its constraints for the rest), `header`
 * means something only for CSV, and the fixed outputs are the ones the builder makes.
 */
export function checkQualityCheckStep(ctx: CheckContext, step: QualityCheckStep): void {
  const hasStats = step.baselineStatistics !== undefined;
  const hasConstraints = step.baselineConstraints !== undefined;
  if (hasStats !== hasConstraints)
    ctx.report(
      step.name,
      hasStats ? 'baselineConstraints' : 'baselineStatistics',
      `is missing: a check against a baseline needs both its statistics.json and its constraints.json (only ${hasStats ? 'baselineStatistics' : 'baselineConstraints'} is given).`,
    );
  if (step.header !== undefined && step.format !== 'csv')
    ctx.report(step.name, 'header', `applies to CSV only; the data set's format is ${step.format}. Remove header.`);
  if (step.modelPackageGroup !== undefined && !MODEL_PACKAGE_GROUP_PATTERN.test(step.modelPackageGroup))
    ctx.report(
      step.name,
      'modelPackageGroup',
      `"${step.modelPackageGroup}" is not a model package group name: ${MODEL_PACKAGE_GROUP_RULE}.`,
    );
  const names = step.outputs.map((o) => o.name);
  const expected = ['statistics', 'constraints', ...(hasStats && hasConstraints ? ['violations'] : [])];
  if (names.join(',') !== expected.join(','))
    ctx.report(
      step.name,
      'outputs',
      `are ${names.join(', ') || 'none'}; a quality check writes exactly ${expected.join(', ')} (qualityCheck() declares them).`,
    );
}
