/**
 * A deterministic workload for event pattern matching: rules shaped like real ones (most pin a
 * source and a detail-type and filter the detail with every kind of operator; some pin only a
 * detail-type; some pin neither) and envelopes drawn from the same vocabulary, so some match.
 * Shared by `pattern-match.ts` and the rule index's test.
 */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = Array.from({ length: 50 }, (_, i) => (i % 2 ? `aws.service${i}` : `godwit.capability${i}`));
const DETAIL_TYPES = Array.from({ length: 20 }, (_, i) => `Resource ${i} State Change`);
const STATES = ['Pending', 'InService', 'Failed', 'Stopped', 'Approved', 'Rejected', 'Succeeded', 'Executing'];

export interface Workload {
  readonly patterns: readonly string[];
  readonly events: readonly Record<string, unknown>[];
}

/**
 * What share of rules pin what: most rules name their source (AWS's own events are always
 * matched by source), a few only a detail-type, a few neither (`unpinned`, 2% by default; those
 * are tested against every event, so they bound what any index can save).
 */
export interface Mix {
  readonly sourceOnly: number;
  readonly detailTypeOnly: number;
  readonly unpinned: number;
}

export const DEFAULT_MIX: Mix = { sourceOnly: 0.05, detailTypeOnly: 0.03, unpinned: 0.02 };

export function workload(rules: number, events: number, seed = 7, mix: Mix = DEFAULT_MIX): Workload {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  return {
    patterns: Array.from({ length: rules }, () => JSON.stringify(pattern(r, pick, mix))),
    events: Array.from({ length: events }, (_, i) => event(r, pick, i)),
  };
}

function detailFilter(r: () => number, pick: <T>(xs: readonly T[]) => T): Record<string, unknown> {
  switch (Math.floor(r() * 6)) {
    case 0:
      return { status: [pick(STATES), pick(STATES)] };
    case 1:
      return { status: [{ 'anything-but': [pick(STATES), pick(STATES)] }], count: [{ numeric: ['>', Math.floor(r() * 50)] }] };
    case 2:
      return { name: [{ prefix: `model-${Math.floor(r() * 10)}` }] };
    case 3:
      return { name: [{ wildcard: `*-${Math.floor(r() * 10)}*` }], owner: [{ exists: true }] };
    case 4:
      return { $or: [{ status: [pick(STATES)] }, { count: [{ numeric: ['>=', 90] }] }] };
    default:
      return { nested: { level: [{ 'equals-ignore-case': pick(STATES).toUpperCase() }] } };
  }
}

function pattern(r: () => number, pick: <T>(xs: readonly T[]) => T, mix: Mix): Record<string, unknown> {
  const kind = r();
  const detail = { detail: detailFilter(r, pick) };
  if (kind < mix.sourceOnly) return { source: [pick(SOURCES)], ...detail };
  if (kind < mix.sourceOnly + mix.detailTypeOnly) return { 'detail-type': [pick(DETAIL_TYPES)], ...detail };
  if (kind >= mix.sourceOnly + mix.detailTypeOnly + mix.unpinned)
    return { source: [pick(SOURCES)], 'detail-type': [pick(DETAIL_TYPES)], ...detail };
  return { resources: [{ prefix: `arn:aws:sagemaker:us-east-1:000000000000:${pick(['endpoint', 'pipeline'])}/` }], ...detail };
}

function event(r: () => number, pick: <T>(xs: readonly T[]) => T, i: number): Record<string, unknown> {
  return {
    version: '0',
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    'detail-type': pick(DETAIL_TYPES),
    source: pick(SOURCES),
    account: '000000000000',
    time: '2026-12-06T13:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:sagemaker:us-east-1:000000000000:${pick(['endpoint', 'pipeline', 'model'])}/m${i % 97}`],
    detail: {
      status: pick(STATES),
      count: Math.floor(r() * 100),
      name: `model-${Math.floor(r() * 100)}-${Math.floor(r() * 10)}`,
      ...(r() < 0.5 ? { owner: 'team-a' } : {}),
      nested: { level: pick(STATES).toLowerCase() },
    },
  };
}
