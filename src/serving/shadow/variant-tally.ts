import { latencySummary } from './latency-summary.js';
import { numbersOf, numericDifference } from './output-numbers.js';
import { labelsOf } from './prediction-labels.js';
import type { RecordedSide, ShadowRecord } from './shadow-record.js';
import type { ShadowReportOptions, ShadowVariantReport, SideErrors } from './shadow-report.js';

/** How many label changes a report lists. */
const FLIPS_SHOWN = 20;

/** Adds up one shadow variant's records into its `ShadowVariantReport` (see `shadowReport`). */
export class VariantTally {
  readonly #production = new Set<string>();
  #requests = 0;
  #firstAt: string | undefined;
  #lastAt: string | undefined;
  #compared = 0;
  #exact = 0;
  #numeric = 0;
  #within = 0;
  #labelled = 0;
  #agreed = 0;
  readonly #flips = new Map<string, number>();
  #diff = { count: 0, sumAbs: 0, maxAbs: 0, sumRel: 0, maxRel: 0 };
  readonly #latency = { production: [] as number[], shadow: [] as number[] };
  readonly #errors = { production: new Map<string, number>(), shadow: new Map<string, number>() };

  constructor(
    readonly variant: string,
    readonly tolerance: number,
    readonly problem: NonNullable<ShadowReportOptions['problem']> = 'auto',
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
    this.#compareLabels(r.production, r.shadow);
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

  #compareLabels(production: RecordedSide, shadow: RecordedSide): void {
    if (production.body === undefined || shadow.body === undefined) return;
    const a = labelsOf(production.body, production.contentType);
    const b = labelsOf(shadow.body, shadow.contentType);
    if (!a || !b) return;
    this.#labelled++;
    const [from, to] = [a.join(' '), b.join(' ')];
    if (from === to) this.#agreed++;
    else this.#flips.set(`${from}→${to}`, (this.#flips.get(`${from}→${to}`) ?? 0) + 1);
  }

  report(): ShadowVariantReport {
    const share = (n: number, of: number) => (of === 0 ? undefined : n / of);
    const d = this.#diff;
    const errors = { production: errorsOf(this.#errors.production), shadow: errorsOf(this.#errors.shadow) };
    const flips = [...this.#flips].sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb)).slice(0, FLIPS_SHOWN);
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
      problem: this.#problem(),
      labelCompared: this.#labelled,
      labelAgreements: this.#agreed,
      agreement: share(this.#agreed, this.#labelled),
      flips: Object.fromEntries(flips),
      difference:
        d.count === 0
          ? undefined
          : { meanAbs: d.sumAbs / d.count, maxAbs: d.maxAbs, meanRel: d.sumRel / d.count, maxRel: d.maxRel },
      latency: { production: latencySummary(this.#latency.production), shadow: latencySummary(this.#latency.shadow) },
      errors,
      errorRate: {
        production: share(errors.production.count, this.#requests),
        shadow: share(errors.shadow.count, this.#requests),
      },
    };
  }

  /** Classification when asked, or (auto) when every compared answer was labels on both sides. */
  #problem(): 'classification' | 'regression' {
    if (this.problem !== 'auto') return this.problem;
    return this.#compared > 0 && this.#labelled === this.#compared ? 'classification' : 'regression';
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
