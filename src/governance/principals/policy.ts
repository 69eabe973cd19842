import { GodwitError } from '../../core/errors.js';
import type { AccessDecision, AccessLog, Authorize, Caller, PolicyDocument } from '../governance-records.js';

/**
 * IAM's policy evaluation, for the simple subset Godwit keeps (Effect, Action, Resource): an
 * explicit Deny that matches wins; else an Allow that matches allows; else the request is
 * implicitly denied. Actions (`sagemaker:CreateEndpoint`) match case-insensitively, resources
 * case-sensitively, as IAM does. In both, `*` is any run of characters and `?` any one; in a
 * resource, a wildcard stays within one `:`-separated segment of the ARN unless the `*` ends a
 * segment (IAM's rule: `arn:aws:s3:::bucket/*` matches every key, `arn:aws:logs:*:*:log-group:a*`
 * every stream of the groups `a…`). `Resource: "*"` matches everything.
 */
export type PolicyOutcome = 'allow' | 'deny' | 'implicit-deny';

export function evaluatePolicies(policies: readonly PolicyDocument[], action: string, resource: string): PolicyOutcome {
  return evaluate(policies, action, resource).outcome;
}

/** The outcome and the statement that decided it (`Sid`, or `policy 1 statement 2`): written in the access log. */
export function evaluate(
  policies: readonly PolicyDocument[],
  action: string,
  resource: string,
): { outcome: PolicyOutcome; statement?: string } {
  let allowedBy: string | undefined;
  for (const [p, policy] of policies.entries()) {
    for (const [s, statement] of policy.Statement.entries()) {
      if (!matchesAny(statement.Action, action, actionPattern) || !matchesAny(statement.Resource, resource, resourcePattern))
        continue;
      const label = statement.Sid ?? `policy ${p + 1} statement ${s + 1}`;
      if (statement.Effect === 'Deny') return { outcome: 'deny', statement: label };
      allowedBy ??= label;
    }
  }
  return allowedBy === undefined ? { outcome: 'implicit-deny' } : { outcome: 'allow', statement: allowedBy };
}

function matchesAny(patterns: string | readonly string[], value: string, compile: (p: string) => RegExp): boolean {
  if (typeof patterns === 'string') return compile(patterns).test(value);
  return patterns.some((p) => compile(p).test(value));
}

// Compiled patterns, kept: a server evaluates the same few policies on every request.
const actions = new Map<string, RegExp>();
const resources = new Map<string, RegExp>();

function actionPattern(pattern: string): RegExp {
  let re = actions.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${wildcards(
        pattern,
        () => '.*',
        () => '.',
      )}$`,
      'is',
    );
    if (actions.size < 10_000) actions.set(pattern, re);
  }
  return re;
}

function resourcePattern(pattern: string): RegExp {
  let re = resources.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${wildcards(
        pattern,
        (next) => (next === undefined || next === ':' ? '.*' : '[^:]*'),
        () => '[^:]',
      )}$`,
      's',
    );
    if (resources.size < 10_000) resources.set(pattern, re);
  }
  return re;
}

/** The pattern as regex source: literal characters escaped, `*` and `?` as `star` and `one` say (given the character after). */
function wildcards(pattern: string, star: (next: string | undefined) => string, one: () => string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') out += star(pattern[i + 1]);
    else if (ch === '?') out += one();
    else out += ch.replace(/[\\^$.|+()[\]{}/-]/g, '\\$&');
  }
  return out;
}

/** The principal as the access log names it: its ARN, or `local:USER`. */
export function callerName(caller: Caller): string {
  return caller.kind === 'principal' ? caller.principal.arn : `local:${caller.user}`;
}

/** An Authorize whose decisions are written in batches; `flush` writes what is pending (the server calls it on stop). */
export interface BatchedAuthorize extends Authorize {
  flush(): Promise<void>;
}

/**
 * The check every front door makes (`Authorize`), over a principal's policies.
 *
 * - The local caller (no principals configured, or a request made on loopback before any exist)
 *   is always allowed and is NOT written to the log: the local loop (`godwit endpoints invoke`, a
 *   lab's thousand InvokeEndpoint calls) stays free of database writes, and a log of "the only
 *   user did what they may" says nothing. Only principals' decisions are audited.
 * - A principal's decision, allowed or denied, is in the access log before the check answers: the
 *   door acts (and its answer leaves) only after the decision is committed, so a process killed
 *   right after answering has recorded it. The write is a group commit: the decisions of the same
 *   moment (every resource of one request, and concurrent requests) go in one INSERT after the
 *   current turn of the event loop, and decisions made while one is being written go in the next,
 *   so a request waits for one batched write, not one per decision.
 * - A decision that cannot be written is not acted on: the check rejects with a plain error (each
 *   door answers it as its internal error, 500) and the write's error goes to `onError`.
 * - A denial rejects with E_ACCESS_DENIED in AWS's own words, which each door answers in its shape.
 */
export function makeAuthorize(accessLog: AccessLog, options: { onError?: (err: unknown) => void } = {}): BatchedAuthorize {
  let pending: Omit<AccessDecision, 'at'>[] = [];
  /** The write that will take what is pending; undefined once it has taken it. */
  let next: Promise<void> | undefined;
  /** The last write started: the next one starts after it, so writes never overlap. */
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = (decision: Omit<AccessDecision, 'at'>): Promise<void> => {
    pending.push(decision);
    if (next) return next;
    const write = tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        const batch = pending;
        pending = [];
        next = undefined;
        return accessLog.record(batch);
      })
      .catch((err) => {
        options.onError?.(err);
        throw new Error('The access decision could not be written to the access log, so it was not acted on.', { cause: err });
      });
    next = write;
    tail = write.catch(() => undefined);
    return write;
  };
  const authorize = (async (caller, action, resource, via) => {
    if (caller.kind === 'local') return;
    const { outcome, statement } = evaluate(caller.principal.policies, action, resource);
    const allowed = outcome === 'allow';
    const logged = enqueue({
      principal: caller.principal.arn,
      action,
      resource,
      decision: allowed ? 'allowed' : 'denied',
      detail: allowed ? `allowed by ${statement}` : outcome === 'deny' ? `explicit deny by ${statement}` : 'no policy allows it',
      via,
    });
    await logged;
    if (!allowed) throw accessDenied(caller.principal.arn, action, resource, outcome === 'deny');
  }) as BatchedAuthorize;
  authorize.flush = async () => {
    while (next) await next.catch(() => undefined);
    await tail;
  };
  return authorize;
}

/** AWS's own message for a refused call (IAM's identity-based wording). */
export function accessDenied(principalArn: string, action: string, resource: string, explicit: boolean): GodwitError {
  const why = explicit
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${action} action`;
  return new GodwitError(
    'E_ACCESS_DENIED',
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
  );
}
