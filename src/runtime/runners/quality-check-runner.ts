import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { checkStatistics, parseConstraints, suggestConstraints } from '../../monitor/data-quality/check/index.js';
import {
  type DatasetProfile,
  parseStatistics,
  profileDataset,
  statisticsText,
} from '../../monitor/data-quality/profile/index.js';
import type { DataQualityViolations } from '../../monitor/monitor-files.js';
import type { QualityCheckStep, Value } from '../../pipeline/ir.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/**
 * A data-quality baseline (SageMaker `QualityCheckStep`): profiles the staged data set into
 * `statistics.json` (src/monitor/data-quality/profile) and suggests `constraints.json`
 * (…/check). With a supplied baseline and `skipCheck` not set, the data set's statistics are
 * checked against it as a monitoring run would, `constraint_violations.json` is written, and a
 * violation fails the step (not retried: the data will not change) unless `failOnViolation` is
 * false. Each output folder holds its one file, named as SageMaker names it.
 */
export async function runQualityCheck(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as QualityCheckStep;
  const input = join(ctx.workspace, 'dataset');
  await ctx.stageInput(step.dataset, input, 'dataset');
  const profile = await profileDataset(input, { format: step.format, header: step.header ?? false });
  const { statistics } = profile;
  ctx.log(
    `profiled ${profile.rows} rows, ${statistics.features.length} features (${profile.malformed.count} malformed lines skipped)`,
  );
  for (const line of profile.malformed.lines) ctx.log(`skipped malformed line ${line}`);
  const outputs = {
    statistics: await writeOutput(ctx, 'statistics', 'statistics.json', statisticsText(statistics)),
    constraints: await writeOutput(ctx, 'constraints', 'constraints.json', json(suggestConstraints(statistics))),
  };
  const metrics = { 'quality-check:rows': profile.rows, 'quality-check:malformed': profile.malformed.count };
  const checking = step.baselineStatistics !== undefined && step.baselineConstraints !== undefined && !step.skipCheck;
  if (!checking) return { outputs, metrics, summary: `baseline of ${profile.rows} rows` };

  const checked = await checkAgainstBaseline(ctx, step, profile);
  const count = checked.count;
  return {
    outputs: { ...outputs, violations: checked.dir },
    metrics: { ...metrics, 'quality-check:violations': count },
    summary: `baseline of ${profile.rows} rows, ${count} violation${count === 1 ? '' : 's'} of the supplied baseline`,
  };
}

/** Checks the profile against the supplied baseline, writes the violations, and fails on them unless told not to. */
async function checkAgainstBaseline(
  ctx: StepContext,
  step: QualityCheckStep,
  profile: DatasetProfile,
): Promise<{ dir: string; count: number }> {
  const baseline = parseStatistics(
    await staged(ctx, step.baselineStatistics!, 'baselineStatistics', 'statistics.json'),
    'baselineStatistics',
  );
  const constraints = parseConstraints(
    await staged(ctx, step.baselineConstraints!, 'baselineConstraints', 'constraints.json'),
    'baselineConstraints',
  );
  const typeCounts = new Map(
    profile.columns.map((c) => [c.name, { integral: c.integral, fractional: c.fractional, string: c.strings }]),
  );
  const { violations } = checkStatistics(profile.statistics, baseline, constraints, { typeCounts });
  const dir = await writeOutput(ctx, 'violations', 'constraint_violations.json', json(violations));
  for (const v of violations.violations) ctx.log(`violation: ${v.feature_name} ${v.constraint_check_type}: ${v.description}`);
  const count = violations.violations.length;
  if (count > 0 && step.failOnViolation !== false) throw violated(step.name, violations);
  return { dir, count };
}

async function writeOutput(ctx: StepContext, output: string, file: string, text: string): Promise<string> {
  const dir = join(ctx.workspace, 'outputs', output);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, file), text);
  return dir;
}

/** The staged file: `name` if the source was a folder holding it, else the one JSON file staged. */
async function staged(ctx: StepContext, source: Value, field: string, name: string): Promise<string> {
  const dir = join(ctx.workspace, field);
  await ctx.stageInput(source, dir, field);
  const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith('.json'));
  const file = files.find((f) => f === name || f.endsWith(`/${name}`)) ?? (files.length === 1 ? files[0] : undefined);
  if (file === undefined)
    throw new GodwitError('E_QUALITY_CHECK_BASELINE', `${field} has no ${name} (found ${files.join(', ') || 'no JSON file'}).`, {
      hint: `Point ${field} at a ${name} a baseline wrote, or at the folder holding it.`,
    });
  return readFile(join(dir, file), 'utf8');
}

function violated(step: string, v: DataQualityViolations): StepFailure {
  const list = v.violations.map((x) => `${x.feature_name} (${x.constraint_check_type})`).join(', ');
  return new StepFailure(
    'E_QUALITY_CHECK_VIOLATIONS',
    'error',
    `the data set violates the supplied baseline: ${v.violations.length} violation${v.violations.length === 1 ? '' : 's'}: ${list}.`,
    {
      retryable: false,
      hint: `The step's log has each description. To record violations without failing, set failOnViolation: false on step "${step}".`,
    },
  );
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
