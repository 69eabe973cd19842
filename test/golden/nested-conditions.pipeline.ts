/**
 * Conditions inside conditions: an outer test on a parameter whose `then` branch holds a step and
 * a second condition (combining `and`, `or`, `not`), each with its own `else`.
 */
import { and, condition, eq, fail, gt, isIn, not, or, param, pipeline, processing } from 'godwit';

const mode = param.string('mode', 'full');
const rows = param.integer('rows', 1000);

const base = processing('base', { command: ['node'], code: 'steps/base.mjs', outputs: { data: 'dataset' } });
const enrich = processing('enrich', {
  command: ['node'],
  code: 'steps/enrich.mjs',
  inputs: { data: base.output('data') },
  outputs: { data: 'dataset' },
});
const publish = processing('publish', {
  command: ['node'],
  code: 'steps/publish.mjs',
  args: ['--mode', mode],
  inputs: { data: enrich.output('data') },
});
const tooSmall = fail('too-small', { message: 'Too few rows to publish.' });
const inner = condition('enough-rows', {
  if: and(gt(rows, 100), or(eq(mode, 'full'), not(isIn(mode, ['dry-run', 'test'])))),
  then: [publish],
  else: [tooSmall],
});
const skipped = fail('skipped', { message: 'Mode "off": nothing to do.' });
const outer = condition('enabled', { if: not(eq(mode, 'off')), then: [enrich, inner], else: [skipped] });

export default pipeline('nested-conditions', {
  description: 'Golden case: a condition in the branch of another.',
  parameters: [mode, rows],
  steps: [base, outer],
});
