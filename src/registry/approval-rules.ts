/**
 * A model package group's approval rules, checked by the registry when a version is approved:
 *
 * ```ts
 * { min: { 'regression_metrics.r2.value': 0.8 }, max: { 'regression_metrics.mse': 5 }, approvers: 2, notAuthor: true }
 * ```
 *
 * - `min` / `max`: a metric of the version (its metrics report, by dotted path) must be at least /
 *   at most the value. A path that ends on `{ "value": n, … }` (SageMaker's evaluation report and
 *   Model Monitor's statistics spell metrics so) reads `n`.
 * - `approvers`: that many different people approve before the status becomes Approved; the
 *   approvals before the last are votes in the audit log.
 * - `notAuthor`: the one who registered the version, or started the run that produced it, may not approve it.
 */
import { GodwitError } from '../core/errors.js';

export interface ApprovalRules {
  readonly min?: Readonly<Record<string, number>>;
  readonly max?: Readonly<Record<string, number>>;
  readonly approvers?: number;
  readonly notAuthor?: boolean;
}

/** The number at `path` in a metrics report, or undefined when there is none. */
export function metricAt(metrics: unknown, path: string): number | undefined {
  let at: unknown = metrics;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  if (at !== null && typeof at === 'object' && 'value' in at) at = (at as { value: unknown }).value;
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}

/** `METRIC=VALUE` from the command line, as a rule's entry. */
export function parseThreshold(text: string, flag: string): [string, number] {
  const eq = text.lastIndexOf('=');
  const path = text.slice(0, eq).trim();
  const value = Number(text.slice(eq + 1));
  if (eq <= 0 || !path || text.slice(eq + 1).trim() === '' || !Number.isFinite(value)) {
    throw new GodwitError('E_USAGE', `${flag} takes METRIC=VALUE (a metric path and a number), not "${text}".`, {
      hint: `For example: ${flag} regression_metrics.mse.value=5`,
    });
  }
  return [path, value];
}

/** Refuses rules that cannot be met as written; returns them without empty parts. */
export function checkRules(rules: ApprovalRules): ApprovalRules {
  if (rules.approvers !== undefined && (!Number.isInteger(rules.approvers) || rules.approvers < 1 || rules.approvers > 20)) {
    throw new GodwitError('E_USAGE', `--approvers takes a whole number from 1 to 20, not ${rules.approvers}.`);
  }
  for (const [kind, entries] of [
    ['min', rules.min],
    ['max', rules.max],
  ] as const) {
    for (const [path, value] of Object.entries(entries ?? {})) {
      if (!path || !Number.isFinite(value)) throw new GodwitError('E_USAGE', `The ${kind} rule on "${path}" needs a number.`);
    }
  }
  return {
    ...(rules.min && Object.keys(rules.min).length > 0 && { min: rules.min }),
    ...(rules.max && Object.keys(rules.max).length > 0 && { max: rules.max }),
    ...(rules.approvers !== undefined && rules.approvers > 1 && { approvers: rules.approvers }),
    ...(rules.notAuthor && { notAuthor: true }),
  };
}

/** The rules in words, one a line, for `godwit models rules GROUP` and the docs. */
export function describeRules(rules: ApprovalRules): string[] {
  return [
    ...Object.entries(rules.min ?? {}).map(([m, v]) => `${m} ≥ ${v}`),
    ...Object.entries(rules.max ?? {}).map(([m, v]) => `${m} ≤ ${v}`),
    ...(rules.approvers ? [`${rules.approvers} different approvers`] : []),
    ...(rules.notAuthor ? ['not the author (who registered the version or started its run)'] : []),
  ];
}

/**
 * The metric rules against a version's metrics: the first one broken, as the refusal to throw.
 * `where` names the version (`Abalone version 3`).
 */
export function checkMetricRules(rules: ApprovalRules, metrics: unknown, group: string, where: string): void {
  const checks: [string, number, 'min' | 'max'][] = [
    ...Object.entries(rules.min ?? {}).map(([p, v]) => [p, v, 'min'] as [string, number, 'min']),
    ...Object.entries(rules.max ?? {}).map(([p, v]) => [p, v, 'max'] as [string, number, 'max']),
  ];
  for (const [path, threshold, kind] of checks) {
    const value = metricAt(metrics, path);
    const rule = `${path} ${kind === 'min' ? '≥' : '≤'} ${threshold}`;
    if (value === undefined) {
      throw new GodwitError(
        'E_APPROVAL_RULE',
        `${where} cannot be approved: the rule "${rule}" of group ${group} needs the metric ${path}, and its metrics have none.`,
        {
          hint: `Register a version with a metrics report holding ${path} (godwit models register ${group} --metrics FILE), or change the rule (godwit models rules ${group} --clear).`,
        },
      );
    }
    if (kind === 'min' ? value < threshold : value > threshold) {
      throw new GodwitError(
        'E_APPROVAL_RULE',
        `${where} cannot be approved: ${path} is ${value}, and the rule of group ${group} is ${rule}.`,
        {
          hint: `Register a better model as a new version, or change the rule (godwit models rules ${group} --${kind} ${path}=VALUE).`,
        },
      );
    }
  }
}
