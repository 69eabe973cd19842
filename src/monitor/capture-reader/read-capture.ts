/**
 * Reads an endpoint's data capture for a time window, as a monitoring job sees it:
 *
 * ```ts
 * const scan = scanCapture({ captureUri: 's3://bucket/capture', endpointName: 'churn', start, end });
 * for await (const record of scan.records()) use(record.eventId, payloadText(record.output!));
 * scan.skipped; // [{ where: 's3://bucket/capture/churn/AllTraffic/2026/12/05/10/…jsonl:7', reason: 'not a JSON object' }]
 * ```
 *
 * Only the hour folders `<captureUri>/<endpoint>/<variant>/yyyy/mm/dd/hh/` overlapping
 * [start, end) are listed and read, and of their lines only the records whose `inferenceTime`
 * falls in [start, end) are yielded. A line that is not a capture record is skipped, never thrown:
 * each one is counted and (the first `maxSkippedListed`) listed with `<uri>:<line>` and a reason.
 * An empty window yields nothing; deciding what that means is the job's business.
 */
import { GodwitError } from '../../core/errors.js';
import { type ArtifactStore, type StoreOptions, storeForUri } from '../../store/index.js';
import type { CapturedRecord } from './captured-record.js';
import { hoursOverlapping, inHours, keysInHours } from './hour-folders.js';
import { objectLines } from './object-lines.js';
import { parseCaptureLine } from './parse-capture-line.js';

export interface CaptureWindow {
  /** The capture config's `DestinationS3Uri` (any store URI or a folder). */
  readonly captureUri: string;
  readonly endpointName: string;
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
  /** Only these production variants; all of the endpoint's when left out. */
  readonly variants?: readonly string[];
  readonly storeOptions?: StoreOptions;
  /** How many skipped lines are kept with their place (all are counted); 1,000 by default. */
  readonly maxSkippedListed?: number;
}

export interface SkippedLine {
  readonly where: string;
  readonly reason: string;
}

export interface CaptureScanStats {
  readonly objects: number;
  readonly lines: number;
  readonly records: number;
  /** Well-formed records in the window's hour folders but outside [start, end). */
  readonly outsideWindow: number;
  readonly skipped: number;
}

/** Checks the window (E_CAPTURE_WINDOW) and returns a scan that reads nothing until iterated. */
export function scanCapture(window: CaptureWindow): CaptureScan {
  const { start, end, endpointName } = window;
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start.getTime() >= end.getTime()) {
    throw new GodwitError(
      'E_CAPTURE_WINDOW',
      `The capture window [${String(start)}, ${String(end)}) is empty or not a time range.`,
      {
        hint: 'Give a start before the end, both as ISO 8601 times (2026-12-05T10:00:00Z).',
      },
    );
  }
  if (endpointName === '' || endpointName.includes('/')) {
    throw new GodwitError('E_CAPTURE_WINDOW', `"${endpointName}" is not an endpoint name.`, {
      hint: 'Endpoint names are letters, digits and hyphens; capture is under <captureUri>/<endpoint>/.',
    });
  }
  return new CaptureScan(window);
}

export class CaptureScan {
  private readonly listed: SkippedLine[] = [];
  private counts = { objects: 0, lines: 0, records: 0, outsideWindow: 0, skipped: 0 };

  constructor(private readonly window: CaptureWindow) {}

  /** The skipped lines kept with their place (at most `maxSkippedListed`). */
  get skipped(): readonly SkippedLine[] {
    return this.listed;
  }

  stats(): CaptureScanStats {
    return { ...this.counts };
  }

  /** Records whose `inferenceTime` is in [start, end), in key order and line order. */
  async *records(): AsyncGenerator<CapturedRecord> {
    const { start, end } = this.window;
    const store = await storeForUri(this.window.captureUri, this.window.storeOptions);
    const keys = await this.keys(store);
    this.counts.objects += keys.length;
    const [from, to] = [start.getTime(), end.getTime()];
    for await (const line of objectLines(store, keys)) {
      this.counts.lines++;
      const variant = line.key.split('/')[1]!;
      const parsed = parseCaptureLine(line.text, variant, line.where);
      if ('reason' in parsed) {
        this.skip(line.where, parsed.reason);
        continue;
      }
      const time = parsed.record.inferenceTime.getTime();
      if (time < from || time >= to) {
        this.counts.outsideWindow++;
        continue;
      }
      this.counts.records++;
      yield parsed.record;
    }
  }

  /** Records a line (or record) a consumer found unusable, with the same cap and count. */
  skip(where: string, reason: string): void {
    this.counts.skipped++;
    if (this.listed.length < (this.window.maxSkippedListed ?? 1_000)) this.listed.push({ where, reason });
  }

  private async keys(store: ArtifactStore): Promise<string[]> {
    const { endpointName, variants } = this.window;
    const hours = hoursOverlapping(this.window.start, this.window.end);
    if (variants !== undefined) {
      const perVariant = await Promise.all(variants.map((v) => keysInHours(store, `${endpointName}/${v}/`, hours, '.jsonl')));
      return perVariant.flat();
    }
    // The variants are not known in advance (the store cannot list "folders"): list the
    // endpoint's prefix once and keep the keys of the window's hours.
    const prefix = `${endpointName}/`;
    return (await store.list(prefix))
      .map((o) => o.key)
      .filter((key) => {
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf('/');
        return slash > 0 && inHours(rest.slice(slash + 1), hours, '.jsonl');
      });
  }
}
