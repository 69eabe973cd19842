/**
 * A step's envelope as IR step policies, the inverse of src/compile/sagemaker/sagemaker-policies.ts:
 *
 * | definition                                        | IR                                                  |
 * | ------------------------------------------------- | --------------------------------------------------- |
 * | `CacheConfig {Enabled, ExpireAfter}`              | `cache {enabled, expireAfter}` (`10d` → `P10D`)       |
 * | `RetryPolicies [{MaxAttempts, IntervalSeconds, BackoffRate, ExceptionType}]` | `retry {maxAttempts: MaxAttempts + 1, backoff, on: ['infrastructure']}` |
 * | `DependsOn`, `DisplayName`, `Description`         | the same                                            |
 *
 * SageMaker retries only its own faults (throttling, capacity, internal errors), never the step's
 * code; Godwit's `infrastructure` is that. Several policies become one with the most attempts.
 */
import type { CachePolicy, RetryPolicy, StepBase } from '../../pipeline/ir.js';
import { tryParseIsoDuration } from '../../pipeline/validate-duration.js';
import { type At, type ImportContext, importError, type RawStep } from './import-context.js';
import { child, isObject, optArray, optNumber, optObject, optString, optStringList } from './json-fields.js';

type Envelope = Omit<StepBase, 'name'>;

export function importEnvelope(step: RawStep, ctx: ImportContext, at: At): Envelope {
  const out: { -readonly [K in keyof Envelope]: Envelope[K] } = {};
  const dependsOn = optStringList(step, 'DependsOn', at);
  if (dependsOn?.length) out.dependsOn = dependsOn;
  const displayName = optString(step, 'DisplayName', at);
  if (displayName) out.displayName = displayName;
  const description = optString(step, 'Description', at);
  if (description) out.description = description;
  const cache = importCache(step, ctx, at);
  if (cache) out.cache = cache;
  const retry = importRetry(step, ctx, at);
  if (retry) out.retry = retry;
  return out;
}

function importCache(step: RawStep, ctx: ImportContext, at: At): CachePolicy | undefined {
  const config = optObject(step, 'CacheConfig', at);
  if (!config) return undefined;
  const enabled = config.Enabled;
  if (typeof enabled !== 'boolean')
    throw importError(child(at, 'CacheConfig.Enabled'), 'is missing', 'Set Enabled to true or false.');
  const expire = optString(config, 'ExpireAfter', child(at, 'CacheConfig'));
  if (expire === undefined) return { enabled };
  if (tryParseIsoDuration(expire) !== undefined) return { enabled, expireAfter: expire };
  const iso = shortDuration(expire);
  if (iso === undefined) {
    throw importError(
      child(at, 'CacheConfig.ExpireAfter'),
      `"${expire}" is not an ISO-8601 duration`,
      "Write it as SageMaker documents it, e.g. 'P30D' or 'PT1H'.",
    );
  }
  ctx.note(step.Name, 'CacheConfig', 'approximated', `ExpireAfter "${expire}" read as the ISO-8601 duration ${iso}`);
  return { enabled, expireAfter: iso };
}

/** `10d`, `12h`, `30m`, `1w` (what users write and SageMaker's console echoes) as ISO-8601. */
function shortDuration(text: string): string | undefined {
  const m = /^(\d+)\s*([wdhms])$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2].toUpperCase();
  return unit === 'W' || unit === 'D' ? `P${m[1]}${unit}` : `PT${m[1]}${unit}`;
}

function importRetry(step: RawStep, ctx: ImportContext, at: At): RetryPolicy | undefined {
  const list = optArray(step, 'RetryPolicies', at);
  if (!list?.length) return undefined;
  const policies = list.map((p, i) => {
    const where = child(at, `RetryPolicies[${i}]`);
    if (!isObject(p))
      throw importError(
        where,
        'is not an object',
        'A retry policy is {ExceptionType, MaxAttempts, IntervalSeconds, BackoffRate}.',
      );
    const attempts = optNumber(p, 'MaxAttempts', where);
    if (p.ExpireAfterMin !== undefined || p.ExpireAfterMins !== undefined)
      ctx.note(step.Name, 'RetryPolicies.ExpireAfterMin', 'dropped', 'Godwit bounds retries by attempts only');
    return {
      retries: attempts ?? 0,
      interval: optNumber(p, 'IntervalSeconds', where) ?? 1,
      rate: optNumber(p, 'BackoffRate', where) ?? 2,
    };
  });
  const best = policies.reduce((a, b) => (b.retries > a.retries ? b : a));
  if (policies.some((p) => p.interval !== best.interval || p.rate !== best.rate || p.retries !== best.retries))
    ctx.note(step.Name, 'RetryPolicies', 'approximated', `${policies.length} policies became one: ${best.retries} retries`);
  else ctx.note(step.Name, 'RetryPolicies', 'mapped', `retry on infrastructure faults, ${best.retries} retries`);
  if (best.retries < 1) return undefined;
  return { maxAttempts: best.retries + 1, backoff: { initialSeconds: best.interval, rate: best.rate }, on: ['infrastructure'] };
}
