import type { StepIR } from './ir.js';
import type { CheckContext } from './validate-context.js';
import { outputsOf } from './validate-context.js';
import { tryParseIsoDuration } from './validate-duration.js';

/** Retry, cache, timeout and resource values are in range. */
export function checkPolicies(ctx: CheckContext, step: StepIR): void {
  const report = (field: string, message: string) => ctx.report(step.name, field, message);
  const { retry, cache, timeoutSeconds } = step;
  if (retry) {
    if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)
      report(
        'retry.maxAttempts',
        `is ${retry.maxAttempts}; it counts every attempt, so it is a whole number of at least 1 (1 = no retry).`,
      );
    for (const key of ['initialSeconds', 'rate', 'maxSeconds'] as const) {
      const v = retry.backoff?.[key];
      if (v !== undefined && !(v >= 0)) report(`retry.backoff.${key}`, `is ${v}; it must be 0 or more.`);
    }
    const b = retry.backoff;
    if (b?.maxSeconds !== undefined && b.maxSeconds >= 0 && b.maxSeconds < b.initialSeconds)
      report('retry.backoff.maxSeconds', `is ${b.maxSeconds}, less than initialSeconds (${b.initialSeconds}).`);
  }
  if (cache?.expireAfter !== undefined && tryParseIsoDuration(cache.expireAfter) === undefined)
    report(
      'cache.expireAfter',
      `"${cache.expireAfter}" is not an ISO-8601 duration. Write e.g. PT1H (one hour), P30D or P1DT12H.`,
    );
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0))
    report('timeoutSeconds', `is ${timeoutSeconds}; it must be more than 0.`);
  const resources = 'resources' in step ? step.resources : undefined;
  const count = resources?.instanceCount;
  if (count !== undefined && !(Number.isInteger(count) && count >= 1))
    report('resources.instanceCount', `is ${count}; it must be a whole number of at least 1.`);
  const volume = resources?.volumeSizeGB;
  if (volume !== undefined && !(volume > 0)) report('resources.volumeSizeGB', `is ${volume}; it must be more than 0.`);
}

/** Container paths are absolute, as the cloud containers see them (`/opt/ml/processing/input/raw`). */
export function checkArtifactPaths(ctx: CheckContext, step: StepIR): void {
  if ('inputs' in step)
    for (const i of step.inputs) {
      if (i.destination !== undefined && !i.destination.startsWith('/'))
        ctx.report(
          step.name,
          `inputs.${i.name}.destination`,
          `"${i.destination}" must be an absolute container path, e.g. /opt/ml/processing/input/${i.name}.`,
        );
      if (i.source === '') ctx.report(step.name, `inputs.${i.name}.source`, 'is empty; give a path, a URI or a step output.');
    }
  for (const o of outputsOf(step))
    if (o.source !== undefined && !o.source.startsWith('/'))
      ctx.report(
        step.name,
        `outputs.${o.name}.source`,
        `"${o.source}" must be an absolute container path, e.g. /opt/ml/processing/output/${o.name}.`,
      );
}
