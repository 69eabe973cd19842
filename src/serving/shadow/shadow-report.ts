import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GodwitError } from '../../core/errors.js';
import type { GodwitHome } from '../../core/home.js';
import type { LatencySummary } from './latency-summary.js';
import { dayOf, shadowDir } from './shadow-files.js';
import type { ShadowRecord } from './shadow-record.js';
import { VariantTally } from './variant-tally.js';

export interface ShadowReportOptions {
  /** Only requests recorded at or after this time. */
  readonly since?: Date;
  /** Only requests recorded at or before this time (a shadow test's window ends when it stopped). */
  readonly until?: Date;
  /** Only these shadow variants (a shadow test's one); every recorded one unless given. */
  readonly shadowVariants?: readonly string[];
  /** Only requests this production variant answered (a shadow test's source variant). */
  readonly productionVariant?: string;
  /**
   * How answers are compared: `classification` by predicted label (`agreement`), `regression`
   * by numeric difference; `auto` (the default) says classification when every compared pair's
   * answers are labels on both sides (`labelsOf`).
   */
  readonly problem?: 'auto' | 'classification' | 'regression';
  /** For numeric answers: agreement when every number is within tolerance · max(1, |production|); 1e-6 unless said. */
  readonly tolerance?: number;
}

export interface SideErrors {
  readonly count: number;
  readonly byCode: Readonly<Record<string, number>>;
}

/** One shadow variant's comparison with the production variant it shadowed. */
export interface ShadowVariantReport {
  readonly shadowVariant: string;
  readonly productionVariants: readonly string[];
  /** Mirrored requests recorded (within `since`). */
  readonly requests: number;
  readonly firstAt?: string;
  readonly lastAt?: string;
  /** Requests both sides answered without error: the ones compared. */
  readonly compared: number;
  /** Of those, answers byte for byte equal (by SHA-256), and that share of `compared`. */
  readonly exactMatches: number;
  readonly exactAgreement?: number;
  /** Compared answers whose numbers could be paired, the ones within tolerance, and that share. */
  readonly numericCompared: number;
  readonly withinTolerance: number;
  readonly toleranceAgreement?: number;
  /** `classification` or `regression`: which of `agreement` and `difference` answers "do they agree?". */
  readonly problem: 'classification' | 'regression';
  /** Compared answers whose labels could be read on both sides, those predicting the same labels, and that share. */
  readonly labelCompared: number;
  readonly labelAgreements: number;
  readonly agreement?: number;
  /** Label changes production → shadow and how often (`"0→1": 3`), the 20 most frequent. */
  readonly flips: Readonly<Record<string, number>>;
  /** Over every paired number: mean and max absolute and relative (|a − b| / max(|a|, |b|)) difference. */
  readonly difference?: { readonly meanAbs: number; readonly maxAbs: number; readonly meanRel: number; readonly maxRel: number };
  readonly latency: { readonly production: LatencySummary; readonly shadow: LatencySummary };
  readonly errors: { readonly production: SideErrors; readonly shadow: SideErrors };
  /** Each side's errors as a share of `requests`. */
  readonly errorRate: { readonly production?: number; readonly shadow?: number };
}

export interface ShadowReport {
  readonly endpoint: string;
  readonly since?: string;
  readonly until?: string;
  readonly tolerance: number;
  /** Lines that were not whole records (a write cut short by a crash), skipped. */
  readonly unreadableLines: number;
  readonly variants: readonly ShadowVariantReport[];
}

export const DEFAULT_TOLERANCE = 1e-6;

/**
 * Compares what each shadow variant of `endpoint` answered with production's, from the records
 * `ShadowRecorder` wrote (no server needed). An endpoint without records is `E_SHADOW_NO_RECORDS`.
 */
export async function shadowReport(home: GodwitHome, endpoint: string, options: ShadowReportOptions = {}): Promise<ShadowReport> {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance >= 0)) {
    throw new GodwitError('E_SHADOW_OPTION', `The tolerance must be a number of at least 0, not ${tolerance}.`, {
      hint: 'Give it as a fraction: --tolerance 0.001 accepts numbers within 0.1 % (or 0.001 absolute below 1).',
    });
  }
  const dir = shadowDir(home, endpoint);
  // Named variants are reported even before their first record (a shadow test just started).
  const variants = options.shadowVariants ? [...options.shadowVariants] : await readdir(dir).catch(() => [] as string[]);
  if (variants.length === 0) {
    throw new GodwitError('E_SHADOW_NO_RECORDS', `Endpoint "${endpoint}" has no shadow-test records (looked in ${dir}).`, {
      hint: 'Records are written by `godwit server` while an endpoint whose config has ShadowProductionVariants serves requests.',
    });
  }
  const reports: ShadowVariantReport[] = [];
  let unreadableLines = 0;
  for (const variant of variants.sort()) {
    const tally = new VariantTally(variant, tolerance, options.problem ?? 'auto');
    const { until, productionVariant } = options;
    unreadableLines += await readVariant(join(dir, variant), options.since, (r) => {
      if (until && Date.parse(r.at) > until.getTime()) return;
      if (productionVariant === undefined || r.productionVariant === productionVariant) tally.add(r);
    });
    reports.push(tally.report());
  }
  const window = { since: options.since?.toISOString(), until: options.until?.toISOString() };
  return { endpoint, ...window, tolerance, unreadableLines, variants: reports };
}

/** Feeds every record of one variant's day files (from `since`'s day on) to `use`; returns the unreadable line count. */
async function readVariant(dir: string, since: Date | undefined, use: (record: ShadowRecord) => void): Promise<number> {
  const firstDay = since ? `${dayOf(since)}.jsonl` : '';
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl') && f >= firstDay).sort();
  let unreadable = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(join(dir, file)), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let record: ShadowRecord;
      try {
        record = JSON.parse(line) as ShadowRecord;
      } catch {
        unreadable++;
        continue;
      }
      if (since && Date.parse(record.at) < since.getTime()) continue;
      use(record);
    }
  }
  return unreadable;
}
