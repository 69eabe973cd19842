import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GodwitError } from '../../core/errors.js';
import type { GodwitHome } from '../../core/home.js';
import { type LatencySummary, latencySummary } from './latency-summary.js';
import { numbersOf, numericDifference } from './output-numbers.js';
import { dayOf, shadowDir } from './shadow-files.js';
import type { RecordedSide, ShadowRecord } from './shadow-record.js';

export interface ShadowReportOptions {
  /** Only requests recorded at or after this time. */
  readonly since?: Date;
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
  /** Over every paired number: mean and max absolute and relative (|a − b| / max(|a|, |b|)) difference. */
  readonly difference?: { readonly meanAbs: number; readonly maxAbs: number; readonly meanRel: number; readonly maxRel: number };
  readonly latency: { readonly production: LatencySummary; readonly shadow: LatencySummary };
  readonly errors: { readonly production: SideErrors; readonly shadow: SideErrors };
}

export interface ShadowReport {
  readonly endpoint: string;
  readonly since?: string;
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
  const variants = await readdir(dir).catch(() => [] as string[]);
  if (variants.length === 0) {
    throw new GodwitError('E_SHADOW_NO_RECORDS', `Endpoint "${endpoint}" has no shadow-test records (looked in ${dir}).`, {
      hint: 'Records are written by `godwit server` while an endpoint whose config has ShadowProductionVariants serves requests.',
    });
  }
  const reports: ShadowVariantReport[] = [];
  let unreadableLines = 0;
  for (const variant of variants.sort()) {
    const tally = new VariantTally(variant, tolerance);
    unreadableLines += await readVariant(join(dir, variant), options.since, (r) => tally.add(r));
    reports.push(tally.report());
  }
  return { endpoint, since: options.since?.toISOString(), tolerance, unreadableLines, variants: reports };
}

/** Feeds every record of one variant's day files (from `since`'s day on) to `use`; returns the unreadable line count. */
async function readVariant(dir: string, since: Date | undefined, use: (record: ShadowRecord) => void): Promise<number> {
  const firstDay = since ? `${dayOf(since)}.jsonl` : '';
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl') && f >= firstDay).sort();
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

class VariantTally {
  readonly #production = new Set<string>();
  #requests = 0;
  #firstAt: string | undefined;
  #lastAt: string | undefined;
  #compared = 0;
  #exact = 0;
  #numeric = 0;
  #within = 0;
  #diff = { count: 0, sumAbs: 0, maxAbs: 0, sumRel: 0, maxRel: 0 };
  readonly #latency = { production: [] as number[], shadow: [] as number[] };
  readonly #errors = { production: new Map<string, number>(), shadow: new Map<string, number>() };

  constructor(
    readonly variant: string,
    readonly tolerance: number,
  ) {}

  add(r: ShadowRecord): void {
    this.#requests++;
    this.#production.add(r.productionVariant);
    if (this.#firstAt === undefined || r.at < this.#firstAt) this.#firstAt = r.at;
    if (this.#lastAt === undefined || r.at > this.#lastAt) this.#lastAt = r.at;
    this.#latency.production.push(r.production.latencyMs);
    this.#latency.shadow.push(r.shadow.latencyMs);
    countError(this.#errors.production, r.production);
    countError(this.#errors.shadow, r.shadow);
    if (r.production.error || r.shadow.error) return;
    this.#compared++;
    const exact = r.production.sha256 === r.shadow.sha256;
    if (exact) this.#exact++;
    this.#compareNumbers(r.production, r.shadow, exact);
  }

  #compareNumbers(production: RecordedSide, shadow: RecordedSide, exact: boolean): void {
    if (production.body === undefined || shadow.body === undefined) return;
    const a = numbersOf(production.body, production.contentType);
    const b = numbersOf(shadow.body, shadow.contentType);
    const d = a && b ? numericDifference(a, b, this.tolerance) : undefined;
    if (!d) return;
    this.#numeric++;
    if (d.withinTolerance || exact) this.#within++;
    this.#diff.count += d.count;
    this.#diff.sumAbs += d.sumAbs;
    this.#diff.sumRel += d.sumRel;
    this.#diff.maxAbs = Math.max(this.#diff.maxAbs, d.maxAbs);
    this.#diff.maxRel = Math.max(this.#diff.maxRel, d.maxRel);
  }

  report(): ShadowVariantReport {
    const share = (n: number, of: number) => (of === 0 ? undefined : n / of);
    const d = this.#diff;
    return {
      shadowVariant: this.variant,
      productionVariants: [...this.#production].sort(),
      requests: this.#requests,
      firstAt: this.#firstAt,
      lastAt: this.#lastAt,
      compared: this.#compared,
      exactMatches: this.#exact,
      exactAgreement: share(this.#exact, this.#compared),
      numericCompared: this.#numeric,
      withinTolerance: this.#within,
      toleranceAgreement: share(this.#within, this.#numeric),
      difference:
        d.count === 0
          ? undefined
          : { meanAbs: d.sumAbs / d.count, maxAbs: d.maxAbs, meanRel: d.sumRel / d.count, maxRel: d.maxRel },
      latency: { production: latencySummary(this.#latency.production), shadow: latencySummary(this.#latency.shadow) },
      errors: { production: errorsOf(this.#errors.production), shadow: errorsOf(this.#errors.shadow) },
    };
  }
}

function countError(counts: Map<string, number>, side: RecordedSide): void {
  if (side.error) counts.set(side.error.code, (counts.get(side.error.code) ?? 0) + 1);
}

function errorsOf(counts: Map<string, number>): SideErrors {
  let count = 0;
  for (const n of counts.values()) count += n;
  return { count, byCode: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))) };
}
