import type { AccessDecision, AccessLogFilter } from '../../governance/governance-records.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { auditOptions } from '../spec/audit-specs.js';
import type { Handler } from '../spec/command-spec.js';

/** `godwit audit`: the access log's decisions that match the flags, newest first. */
export const audit: Handler<typeof auditOptions> = {
  async run({ values, io }) {
    if (values.denied && values.allowed) throw new UsageError('Give --denied or --allowed, not both (neither shows both).');
    const filter: AccessLogFilter = {
      principal: values.principal,
      resource: values.resource,
      action: values.action,
      decision: values.denied ? 'denied' : values.allowed ? 'allowed' : undefined,
      since: values.since === undefined ? undefined : sinceOf(values.since, new Date()),
      limit: values.limit === undefined ? undefined : limitOf(values.limit),
    };
    const decisions = await withMetadata(io, (m) => m.accessLog.list(filter));
    if (values.json) json(io, decisions);
    else write(io.stdout, render(decisions));
    return EXIT.ok;
  },
};

const UNITS = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };

/** `--since`: an age before `now` (`90s`, `30m`, `1h`, `7d`) or an ISO 8601 time. */
export function sinceOf(text: string, now: Date): Date {
  const age = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * UNITS[age[2] as keyof typeof UNITS]);
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : undefined;
  if (!at || Number.isNaN(at.getTime()))
    throw new UsageError(`--since "${text}" is neither an age (30m, 1h, 7d) nor an ISO time (2026-03-01T10:00:00Z).`);
  return at;
}

function limitOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a whole number ≥ 1, not "${text}".`);
  return n;
}

function render(decisions: readonly AccessDecision[]): string {
  if (decisions.length === 0) return 'No access decisions match.';
  return table(
    ['AT', 'DECISION', 'PRINCIPAL', 'ACTION', 'RESOURCE', 'VIA', 'DETAIL'],
    decisions.map((d) => [
      d.at.toISOString().replace('T', ' ').slice(0, 19),
      d.decision,
      d.principal,
      d.action,
      d.resource,
      d.via,
      d.detail ?? '',
    ]),
  );
}
